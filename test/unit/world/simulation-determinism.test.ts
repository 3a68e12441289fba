import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/world/rng.ts";
import { resumeFromSnapshot } from "../../../src/world/snapshot.ts";
import { WorldSimulation, type AgentSeed, type WorldEvent, type WorldInput } from "../../../src/world/simulation.ts";
import { baker, simulation, smallWorld } from "./simulation-fixtures.ts";

const crowd: AgentSeed[] = Array.from({ length: 12 }, (_, index) => baker({ id: `baker_${index}`, name: `Baker ${index}`, x: 1 + (index % 4), y: 1 + (index % 3) }));

/** A scripted session: players join, wander with held directions, click to move, and the clock jumps once. */
function script(seed: number, steps: number): { dtMs: number; inputs: WorldInput[] }[] {
  const rng = createRng(seed);
  return Array.from({ length: steps }, (_, step) => {
    const inputs: WorldInput[] = [];
    if (step < 5) inputs.push({ type: "player_join", playerId: `p${step}`, name: `Player ${step}`, x: rng.int(0, 19), y: rng.int(0, 11) });
    else if (step % 10 === 0) inputs.push({ type: "player_input", playerId: `p${rng.int(0, 4)}`, dx: rng.int(-1, 1), dy: rng.int(-1, 1) });
    else if (step % 37 === 0) inputs.push({ type: "player_move_to", playerId: `p${rng.int(0, 4)}`, x: rng.int(0, 19), y: rng.int(0, 11) });
    if (step === 300) inputs.push({ type: "set_clock", gameTime: 13.5 * 3600 });
    return { dtMs: 40 + rng.int(0, 20), inputs };
  });
}

function play(sim: WorldSimulation, steps: { dtMs: number; inputs: WorldInput[] }[]): WorldEvent[] {
  return steps.flatMap(({ dtMs, inputs }) => sim.step(dtMs, inputs));
}

describe("determinism", () => {
  it("two worlds with the same seed and inputs end in the same state with the same events", () => {
    const steps = script(8, 2_000);
    const first = simulation(crowd, { seed: 77, gameTime: 8.9 * 3600 });
    const second = simulation(crowd, { seed: 77, gameTime: 8.9 * 3600 });
    const firstEvents = play(first, steps);
    const secondEvents = play(second, steps);
    expect(secondEvents).toEqual(firstEvents);
    expect(second.snapshot()).toEqual(first.snapshot());
    expect(firstEvents.some((event) => event.type === "observation")).toBe(true);
    expect(firstEvents.some((event) => event.type === "activity_started" && event.activity === "stroll")).toBe(true);
  });

  it("a different seed sends agents to different tiles", () => {
    const targets = (seed: number) => {
      const sim = simulation(crowd, { seed, gameTime: 9 * 3600 });
      return [...sim.agents.values()].map((agent) => agent.path.at(-1));
    };
    expect(targets(1)).toEqual(targets(1));
    expect(targets(2)).not.toEqual(targets(1));
  });
});

describe("snapshots", () => {
  it("are plain JSON with the clock, the RNG state, agents and players", () => {
    const sim = simulation([baker()], { gameTime: 9 * 3600 });
    sim.step(50, [{ type: "player_join", playerId: "p1", name: "Tess", x: 3, y: 6 }]);
    const snapshot = sim.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      clock: { gameTime: 9 * 3600 + 3, speed: 60 },
      rngState: sim.rng.state(),
      agents: [{ id: "rosa", direction: expect.any(String), activity: "walking to square", location: "bakery", generation: 1 }],
      players: [{ id: "p1", x: 3, y: 6, direction: "down" }],
    });
  });

  it("resume a world where it was: clock, RNG, agent positions and generations", () => {
    const options = { seed: 5, gameTime: 9 * 3600, clockSpeed: 60 };
    const original = new WorldSimulation(smallWorld, [baker()], options);
    for (let i = 0; i < 60; i++) original.step(50, []);
    const saved = JSON.parse(JSON.stringify(original.snapshot())) as ReturnType<typeof original.snapshot>;
    const resumed = resumeFromSnapshot(saved, [baker()], options);
    const copy = new WorldSimulation(smallWorld, resumed.agents, resumed.options);
    expect(copy.clock.gameTime).toBe(original.clock.gameTime);
    const rosa = copy.agents.get("rosa")!;
    const before = saved.agents[0]!;
    expect(rosa).toMatchObject({ x: before.x, y: before.y, direction: before.direction, destination: "square" });
    // Taking up the slot again is a new plan: the generation moves on from the saved one.
    expect(rosa.generation).toBe(before.generation + 1);
    for (let i = 0; i < 400; i++) copy.step(50, []);
    expect(rosa).toMatchObject({ activity: "stroll", location: "square" });
  });
});
