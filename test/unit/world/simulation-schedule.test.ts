import { describe, expect, it } from "vitest";
import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";
import { baker, ofType, run, simulation } from "./simulation-fixtures.ts";

describe("agents following their schedule", () => {
  it("take up the slot in effect when the world starts", () => {
    const sim = simulation();
    const events = sim.step(50, []);
    expect(ofType(events, "activity_started")).toEqual([{ type: "activity_started", agentId: "rosa", activity: "bake bread", location: "bakery", gameTime: gameTimeOf(1, 7 * 60 + 30) }]);
    expect(sim.agents.get("rosa")).toMatchObject({ activity: "bake bread", location: "bakery", moving: false, currentSlotStart: 6 * 60 });
  });

  it("walk to the next slot's location when it starts, then do its activity there", () => {
    const sim = simulation([baker()], { gameTime: gameTimeOf(1, 8 * 60 + 59) });
    const rosa = sim.agents.get("rosa")!;
    const generation = rosa.generation;
    run(sim, 1_500);
    expect(rosa).toMatchObject({ activity: "walking to square", destination: "square", moving: true, location: "bakery" });
    expect(rosa.generation).toBe(generation + 1);
    const events = run(sim, 20_000);
    expect(ofType(events, "arrived")).toEqual([{ type: "arrived", entityKind: "agent", entityId: "rosa", location: "square" }]);
    expect(ofType(events, "activity_started")).toMatchObject([{ agentId: "rosa", activity: "stroll", location: "square" }]);
    expect(sim.map.isInLocation("square", rosa.x, rosa.y)).toBe(true);
    expect(rosa).toMatchObject({ activity: "stroll", location: "square", moving: false, destination: null, path: [] });
  });

  it("never step onto a blocked tile on the way", () => {
    const sim = simulation([baker()], { gameTime: gameTimeOf(1, 8 * 60 + 59) });
    const rosa = sim.agents.get("rosa")!;
    for (let i = 0; i < 400; i++) {
      sim.step(50, []);
      expect(sim.map.isWalkable(Math.round(rosa.x), Math.round(rosa.y))).toBe(true);
    }
  });

  it("change the activity in place for a slot without a location", () => {
    const sim = simulation([baker({ x: 14, y: 7 })], { gameTime: gameTimeOf(1, 12 * 60) });
    const events = sim.step(50, []);
    expect(ofType(events, "activity_started")).toMatchObject([{ activity: "hum a tune", location: "bakery" }]);
    expect(sim.agents.get("rosa")).toMatchObject({ x: 14, y: 7, moving: false });
  });

  it("report no_path for an unreachable location and do the activity where they are", () => {
    const sim = simulation([baker()], { gameTime: gameTimeOf(1, 13 * 60) });
    const events = sim.step(50, []);
    const [noPath] = ofType(events, "no_path");
    expect(noPath).toMatchObject({ entityKind: "agent", entityId: "rosa" });
    expect(sim.map.isInLocation("island", noPath!.to.x, noPath!.to.y)).toBe(true);
    expect(ofType(events, "activity_started")).toMatchObject([{ activity: "visit the island", location: "bakery" }]);
    expect(sim.agents.get("rosa")).toMatchObject({ x: 2, y: 2, moving: false });
  });

  it("switch slot at once when the clock is set", () => {
    const sim = simulation();
    run(sim, 1_000);
    const events = sim.step(50, [{ type: "set_clock", gameTime: gameTimeOf(1, 20 * 60) }]);
    expect(sim.agents.get("rosa")).toMatchObject({ activity: "walking to home", destination: "home", currentSlotStart: 20 * 60 });
    expect(events).toEqual([]);
    const back = sim.step(50, [{ type: "set_clock", gameTime: gameTimeOf(2, 7 * 60) }]);
    expect(ofType(back, "activity_started")).toMatchObject([{ activity: "bake bread", location: "bakery" }]);
  });

  it("keep the clock speed when only the time is set, and the reverse", () => {
    const sim = simulation();
    sim.step(50, [{ type: "set_clock", speed: 120 }]);
    expect(sim.clock.speed).toBe(120);
    sim.step(50, [{ type: "set_clock", gameTime: 100 }]);
    expect(sim.clock.speed).toBe(120);
    expect(sim.clock.gameTime).toBeCloseTo(106, 9);
    expect(ofType(sim.step(50, [{ type: "set_clock", speed: -1 }]), "input_rejected")).toMatchObject([{ input: "set_clock", reason: expect.stringMatching(/speed/) }]);
  });

  it("announce each new day", () => {
    const sim = simulation([], { gameTime: gameTimeOf(1, 23 * 60 + 59), clockSpeed: 600 });
    expect(ofType(run(sim, 1_000), "day_started")).toEqual([{ type: "day_started", day: 2 }]);
  });
});
