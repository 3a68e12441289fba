import { describe, expect, it } from "vitest";
import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";
import type { WorldInput } from "../../../src/world/simulation.ts";
import { baker, bakerSchedule, ofType, run, simulation } from "./simulation-fixtures.ts";

const rejections = (events: ReturnType<typeof run>) => ofType(events, "input_rejected").map((event) => event.reason);

describe("a reaction from the agent engine", () => {
  it("made at the agent's generation sends it to a location for an activity, and bumps its generation", () => {
    const sim = simulation();
    sim.step(50, []);
    const rosa = sim.agents.get("rosa")!;
    const generation = rosa.generation;
    sim.step(50, [{ type: "agent_schedule", agentId: "rosa", schedule: [...bakerSchedule, { startMinute: 7 * 60 + 30, activity: "sell rolls", location: "square" }], generation }]);
    expect(rosa.generation).toBe(generation + 1);
    expect(rosa.activity).toBe("walking to square");
    const events = run(sim, 20_000);
    expect(ofType(events, "activity_started")).toMatchObject([{ activity: "sell rolls", location: "square" }]);
  });

  it("with a null location, changes the activity where the agent stands", () => {
    const sim = simulation();
    sim.step(50, []);
    const generation = sim.agents.get("rosa")!.generation;
    const events = sim.step(50, [{ type: "agent_schedule", agentId: "rosa", schedule: [...bakerSchedule, { startMinute: 7 * 60 + 30, activity: "wave at a neighbour", location: null }], generation }]);
    expect(ofType(events, "activity_started").at(-1)).toMatchObject({ activity: "wave at a neighbour", location: "bakery" });
  });

  it("is dropped once the agent has moved on to its next step, while a plan from its mind still applies", () => {
    // 8:59: at 9:00 Rosa leaves the bakery for her stroll; a reaction thought up while she baked arrives after.
    const sim = simulation([baker()], { gameTime: gameTimeOf(1, 8 * 60 + 59) });
    run(sim, 100);
    const rosa = sim.agents.get("rosa")!;
    const baking = rosa.generation;
    run(sim, 1_500);
    expect(rosa.generation).toBe(baking + 1);
    const schedule = bakerSchedule.map((slot) => (slot.startMinute === 9 * 60 ? { startMinute: 9 * 60, activity: "watch the oven", location: "bakery" } : slot));
    const reaction: WorldInput = { type: "agent_schedule", agentId: "rosa", schedule, generation: baking };
    expect(rejections(run(sim, 50, [reaction]))).toEqual([`stale agent_schedule for agent "rosa": decided at generation ${baking}, the agent has moved on to ${baking + 1}`]);
    expect(rosa.schedule).toEqual(bakerSchedule);
    expect(rosa.destination).toBe("square");

    expect(rejections(run(sim, 50, [{ ...reaction, generation: null }]))).toEqual([]);
    expect(rosa.schedule).toEqual([...schedule].sort((a, b) => a.startMinute - b.startMinute));
    expect(rosa.destination).not.toBe("square");
  });

  it("is rejected when stale, for an unknown agent or with an unknown location, and changes nothing", () => {
    const sim = simulation();
    sim.step(50, []);
    const rosa = sim.agents.get("rosa")!;
    const stale = rosa.generation - 1;
    const events = sim.step(50, [
      { type: "agent_schedule", agentId: "rosa", schedule: [{ startMinute: 0, activity: "old idea", location: "square" }], generation: stale },
      { type: "agent_schedule", agentId: "nobody", schedule: [], generation: null },
      { type: "agent_schedule", agentId: "rosa", schedule: [{ startMinute: 0, activity: "x", location: "atlantis" }], generation: rosa.generation },
    ]);
    expect(rejections(events)).toEqual([
      `stale agent_schedule for agent "rosa": decided at generation ${stale}, the agent has moved on to ${rosa.generation}`,
      'unknown agent "nobody"',
      'unknown location "atlantis" in the schedule of agent "rosa"',
    ]);
    expect(rosa.activity).toBe("bake bread");
  });
});

describe("talks from the agent engine", () => {
  const mara = () => baker({ id: "mara", name: "Mara", x: 14, y: 8, location: "square", schedule: [{ startMinute: 0, activity: "sit", location: null }] });
  const annTalksTo = (agentId: string): WorldInput => ({ type: "agent_talk_start", agentId, partner: { kind: "player", id: "p1" }, generation: null });

  function villageWithAnn() {
    const sim = simulation([baker(), mara()]);
    run(sim, 50, [{ type: "player_join", playerId: "p1", name: "Ann", x: 3, y: 3 }]);
    return { sim, rosa: sim.agents.get("rosa")!, mara: sim.agents.get("mara")! };
  }

  it("start when both agents are as they were when they met", () => {
    const { sim, rosa, mara } = villageWithAnn();
    const events = run(sim, 50, [
      { type: "agent_talk_start", agentId: "rosa", partner: { kind: "agent", id: "mara" }, approach: true, generation: rosa.generation },
      { type: "agent_talk_start", agentId: "mara", partner: { kind: "agent", id: "rosa" }, generation: mara.generation },
    ]);
    expect(rejections(events)).toEqual([]);
    expect(rosa.talkingWith).toEqual({ kind: "agent", id: "mara" });
    expect(mara.talkingWith).toEqual({ kind: "agent", id: "rosa" });
  });

  it("drop the start for an agent a player spoke to first: it stays with the player", () => {
    const { sim, rosa, mara } = villageWithAnn();
    const met = rosa.generation;
    const events = run(sim, 50, [
      annTalksTo("rosa"),
      { type: "agent_talk_start", agentId: "rosa", partner: { kind: "agent", id: "mara" }, approach: true, generation: met },
      { type: "agent_talk_start", agentId: "mara", partner: { kind: "agent", id: "rosa" }, generation: mara.generation },
    ]);
    expect(rejections(events)).toEqual([`stale agent_talk_start for agent "rosa": decided at generation ${met}, the agent has moved on to ${met + 1}`]);
    expect(rosa.talkingWith).toEqual({ kind: "player", id: "p1" });
  });

  it("end only the talk they name: not one the agent has turned to since, nor one that already ended", () => {
    const { sim, rosa, mara } = villageWithAnn();
    run(sim, 50, [
      { type: "agent_talk_start", agentId: "rosa", partner: { kind: "agent", id: "mara" }, generation: null },
      { type: "agent_talk_start", agentId: "mara", partner: { kind: "agent", id: "rosa" }, generation: null },
    ]);
    const events = run(sim, 50, [
      annTalksTo("rosa"),
      { type: "agent_talk_end", agentId: "rosa", partner: { kind: "agent", id: "mara" } },
      { type: "agent_talk_end", agentId: "mara", partner: { kind: "agent", id: "rosa" } },
    ]);
    expect(rejections(events)).toEqual(['stale agent_talk_end for agent "rosa": it is not talking with agent "mara" (it talks with player "p1" now)']);
    expect(rosa.talkingWith).toEqual({ kind: "player", id: "p1" });
    expect(mara.talkingWith).toBeNull();

    expect(ofType(run(sim, 100, [{ type: "player_leave", playerId: "p1" }]), "talk_ended")).toMatchObject([{ agentId: "rosa", partnerId: "p1", reason: "partner_left" }]);
    const late = run(sim, 50, [{ type: "agent_talk_end", agentId: "rosa", partner: { kind: "player", id: "p1" } }]);
    expect(rejections(late)).toEqual(['stale agent_talk_end for agent "rosa": it is not talking with player "p1" (that talk already ended)']);
  });
});

describe("a feeling from the agent engine", () => {
  it("applies whatever the agent has done since the talk it comes from", () => {
    const sim = simulation([baker()], { gameTime: gameTimeOf(1, 8 * 60 + 59) });
    run(sim, 1_600);
    const events = run(sim, 50, [{ type: "agent_feeling", agentId: "rosa", change: 7, cause: "a warm talk with an old friend" }]);
    expect(rejections(events)).toEqual([]);
    expect(ofType(events, "feeling_changed")).toMatchObject([{ agentId: "rosa", change: 7 }]);
  });
});
