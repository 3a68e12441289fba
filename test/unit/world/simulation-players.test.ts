import { describe, expect, it } from "vitest";
import { ofType, run, simulation } from "./simulation-fixtures.ts";

describe("players", () => {
  it("join on the walkable tile nearest to where they ask", () => {
    const sim = simulation([]);
    sim.step(50, [
      { type: "player_join", playerId: "p1", name: "Tess", x: 10, y: 2 },
      { type: "player_join", playerId: "p2", name: "Ivo", x: -4, y: 99 },
    ]);
    expect(sim.players.get("p1")).toMatchObject({ x: 9, y: 2, direction: "down", moving: false });
    expect(sim.players.get("p2")).toMatchObject({ x: 0, y: 11 });
  });

  it("move while a direction is held and stop when it is released", () => {
    const sim = simulation([]);
    sim.step(50, [{ type: "player_join", playerId: "p1", name: "Tess", x: 2, y: 6 }]);
    run(sim, 500, [{ type: "player_input", playerId: "p1", dx: 1, dy: 0 }]);
    const tess = sim.players.get("p1")!;
    expect(tess.x).toBeCloseTo(4, 9);
    expect(tess).toMatchObject({ y: 6, direction: "right", moving: true });
    run(sim, 500, [{ type: "player_input", playerId: "p1", dx: 0, dy: 0 }]);
    expect(tess.x).toBeCloseTo(4, 9);
    expect(tess.moving).toBe(false);
  });

  it("walk to a clicked tile around walls and report arriving", () => {
    const sim = simulation([]);
    sim.step(50, [{ type: "player_join", playerId: "p1", name: "Tess", x: 8, y: 1 }]);
    const events = run(sim, 10_000, [{ type: "player_move_to", playerId: "p1", x: 13, y: 7 }]);
    expect(sim.players.get("p1")).toMatchObject({ x: 13, y: 7, moving: false });
    expect(ofType(events, "arrived")).toEqual([{ type: "arrived", entityKind: "player", entityId: "p1", location: "square" }]);
  });

  it("walk a clicked path without filling the agents' route cache", () => {
    const sim = simulation([]);
    sim.step(50, [{ type: "player_join", playerId: "p1", name: "Tess", x: 8, y: 1 }]);
    run(sim, 10_000, [{ type: "player_move_to", playerId: "p1", x: 13, y: 7 }]);
    run(sim, 10_000, [{ type: "player_move_to", playerId: "p1", x: 8, y: 1 }]);
    expect(sim.players.get("p1")).toMatchObject({ x: 8, y: 1, moving: false });
    expect({ hits: sim.routes.hits, misses: sim.routes.misses }).toEqual({ hits: 0, misses: 0 });
  });

  it("get no_path for an unreachable tile and stay where they are", () => {
    const sim = simulation([]);
    sim.step(50, [{ type: "player_join", playerId: "p1", name: "Tess", x: 8, y: 1 }]);
    const events = run(sim, 1_000, [{ type: "player_move_to", playerId: "p1", x: 18, y: 1 }]);
    expect(ofType(events, "no_path")).toEqual([{ type: "no_path", entityKind: "player", entityId: "p1", to: { x: 18, y: 1 } }]);
    expect(sim.players.get("p1")).toMatchObject({ x: 8, y: 1, moving: false });
  });

  it("stop following a path when they take the controls", () => {
    const sim = simulation([]);
    sim.step(50, [{ type: "player_join", playerId: "p1", name: "Tess", x: 2, y: 6 }]);
    run(sim, 200, [{ type: "player_move_to", playerId: "p1", x: 15, y: 6 }]);
    run(sim, 500, [{ type: "player_input", playerId: "p1", dx: 0, dy: 1 }]);
    const tess = sim.players.get("p1")!;
    expect(tess.path).toEqual([]);
    expect(tess.y).toBeCloseTo(8, 9);
    expect(tess.direction).toBe("down");
  });

  it("leave, and inputs for unknown players are rejected", () => {
    const sim = simulation([]);
    sim.step(50, [{ type: "player_join", playerId: "p1", name: "Tess", x: 2, y: 6 }]);
    const events = sim.step(50, [
      { type: "player_leave", playerId: "p1" },
      { type: "player_input", playerId: "p1", dx: 1, dy: 0 },
    ]);
    expect(sim.players.size).toBe(0);
    expect(ofType(events, "input_rejected")).toEqual([{ type: "input_rejected", input: "player_input", reason: 'unknown player "p1"' }]);
  });
});

describe("perception", () => {
  it("an agent notices a player who walks into its view once, and again after they left and came back", () => {
    const sim = simulation();
    sim.step(50, [{ type: "player_join", playerId: "p1", name: "Tess", x: 15, y: 10 }]);
    const walk = (x: number, y: number) => ofType(run(sim, 8_000, [{ type: "player_move_to", playerId: "p1", x, y }]), "observation").filter((event) => event.subjectId === "p1");
    const approach = walk(5, 3);
    expect(approach).toHaveLength(1);
    expect(approach[0]).toMatchObject({ observerId: "rosa", subjectKind: "player", subjectName: "Tess", text: expect.stringMatching(/^Tess is nearby/) });
    expect(Math.hypot(approach[0]!.x - 2, approach[0]!.y - 2)).toBeLessThanOrEqual(7);
    expect(walk(4, 4)).toHaveLength(0);
    expect(walk(15, 10)).toHaveLength(0);
    expect(walk(3, 3)).toHaveLength(1);
  });

  it("agents notice each other, with what the other is doing", () => {
    const sim = simulation([{ id: "a", name: "Ann", x: 2, y: 6, activity: "reading", location: "", schedule: [] }, { id: "b", name: "Bo", x: 5, y: 6, activity: "fishing", location: "", schedule: [] }]);
    const observations = ofType(sim.step(50, []), "observation");
    expect(observations.map((event) => event.text)).toEqual(["Bo is nearby, fishing", "Ann is nearby, reading"]);
    expect(observations[0]).toMatchObject({ observerId: "a", subjectKind: "agent", subjectId: "b", x: 5, y: 6 });
  });
});
