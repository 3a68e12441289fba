import { describe, expect, it } from "vitest";
import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";
import { ofType, run, simulation } from "./simulation-fixtures.ts";

describe("a schedule from the agent engine", () => {
  it("replaces the agent's schedule and takes up its slot in effect at once", () => {
    const sim = simulation();
    run(sim, 100);
    const plan = [
      { startMinute: 7 * 60, activity: "sweep the bakery floor", location: "bakery" },
      { startMinute: 7 * 60 + 20, activity: "deliver rolls", location: "square" },
      { startMinute: 8 * 60, activity: "bake bread", location: "bakery" },
    ];
    const events = run(sim, 20_000, [{ type: "agent_schedule", agentId: "rosa", schedule: plan, generation: null }]);
    expect(ofType(events, "activity_started").map(({ activity, location }) => ({ activity, location }))).toEqual([{ activity: "deliver rolls", location: "square" }]);
    expect(sim.agents.get("rosa")).toMatchObject({ activity: "deliver rolls", location: "square" });
  });

  it("keeps the current activity without re-planning when the new slot says the same", () => {
    const sim = simulation();
    run(sim, 100);
    const rosa = sim.agents.get("rosa")!;
    const generation = rosa.generation;
    const events = run(sim, 1_000, [{ type: "agent_schedule", agentId: "rosa", schedule: [{ startMinute: 6 * 60, activity: rosa.activity, location: "bakery" }], generation: null }]);
    expect(ofType(events, "activity_started")).toEqual([]);
    expect(rosa.generation).toBe(generation);
  });

  it("rejects a schedule with an unknown location or for an unknown agent", () => {
    const sim = simulation([], { gameTime: gameTimeOf(1, 8 * 60) });
    const events = run(sim, 50, [{ type: "agent_schedule", agentId: "nobody", schedule: [], generation: null }]);
    expect(ofType(events, "input_rejected")[0]?.reason).toMatch(/unknown agent "nobody"/);
    const withRosa = simulation();
    const rejected = run(withRosa, 50, [{ type: "agent_schedule", agentId: "rosa", schedule: [{ startMinute: 60, activity: "fly", location: "moon" }], generation: null }]);
    expect(ofType(rejected, "input_rejected")[0]?.reason).toMatch(/unknown location "moon"/);
  });
});
