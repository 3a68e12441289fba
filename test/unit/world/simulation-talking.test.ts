import { describe, expect, it } from "vitest";
import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";
import { baker, ofType, run, simulation } from "./simulation-fixtures.ts";

describe("agents talking in the world", () => {
  it("stop walking, face the player, and go back to their schedule when the talk ends", () => {
    // 8:59: the 9:00 slot sends Rosa from the bakery to the square.
    const sim = simulation([baker()], { gameTime: gameTimeOf(1, 8 * 60 + 59) });
    run(sim, 50, [{ type: "player_join", playerId: "p1", name: "Ann", x: 2, y: 5 }]);
    run(sim, 1_500);
    const rosa = sim.agents.get("rosa")!;
    expect(rosa.moving).toBe(true);
    run(sim, 50, [{ type: "agent_talk_start", agentId: "rosa", partner: { kind: "player", id: "p1" }, generation: null }]);
    const where = { x: rosa.x, y: rosa.y };
    run(sim, 5_000);
    expect({ x: rosa.x, y: rosa.y }).toEqual(where);
    expect(rosa.moving).toBe(false);
    expect(rosa.activity).toBe("talking with Ann");
    expect(rosa.direction).toBe(rosa.y < 5 ? "down" : "up");

    run(sim, 50, [{ type: "agent_talk_end", agentId: "rosa", partner: { kind: "player", id: "p1" } }]);
    run(sim, 60_000);
    expect(rosa.location).toBe("square");
    expect(rosa.activity).toBe("stroll");
  });

  it("walks up to another agent when asked to approach, then waits there", () => {
    const mara = baker({ id: "mara", name: "Mara", x: 14, y: 8, location: "square", schedule: [{ startMinute: 0, activity: "sit", location: null }] });
    const sim = simulation([baker(), mara]);
    run(sim, 50, [
      { type: "agent_talk_start", agentId: "rosa", partner: { kind: "agent", id: "mara" }, approach: true, generation: null },
      { type: "agent_talk_start", agentId: "mara", partner: { kind: "agent", id: "rosa" }, generation: null },
    ]);
    run(sim, 10_000);
    const rosa = sim.agents.get("rosa")!;
    expect(Math.abs(rosa.x - 14) + Math.abs(rosa.y - 8)).toBe(1);
    expect(rosa.moving).toBe(false);
    expect(sim.agents.get("mara")).toMatchObject({ x: 14, y: 8, activity: "talking with Rosa" });
  });

  it("ends the talk when the player leaves, and rejects unknown partners", () => {
    const sim = simulation();
    run(sim, 50, [{ type: "player_join", playerId: "p1", name: "Ann", x: 3, y: 3 }]);
    run(sim, 50, [{ type: "agent_talk_start", agentId: "rosa", partner: { kind: "player", id: "p1" }, generation: null }]);
    const events = run(sim, 100, [{ type: "player_leave", playerId: "p1" }]);
    expect(ofType(events, "talk_ended")).toEqual([{ type: "talk_ended", agentId: "rosa", partnerId: "p1", reason: "partner_left" }]);
    expect(sim.agents.get("rosa")!.talkingWith).toBeNull();
    const rejected = run(sim, 50, [{ type: "agent_talk_start", agentId: "rosa", partner: { kind: "player", id: "ghost" }, generation: null }]);
    expect(ofType(rejected, "input_rejected")[0]?.reason).toMatch(/unknown player "ghost"/);
  });
});
