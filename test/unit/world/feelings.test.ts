import { describe, expect, it } from "vitest";
import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";
import { resumeFromSnapshot } from "../../../src/world/snapshot.ts";
import { WorldSimulation, type AgentSeed, type WorldInput } from "../../../src/world/simulation.ts";
import { baker, ofType, run, simulation, smallWorld } from "./simulation-fixtures.ts";

// 600 game seconds per real second: one 50 ms step is half a game minute, a game hour is 6 real seconds.
const FAST = 600;
const HOUR_MS = 6_000;

const sleeper = (overrides: Partial<AgentSeed> = {}) =>
  baker({ schedule: [{ startMinute: 0, activity: "sleep", location: null }, { startMinute: 6 * 60, activity: "bake bread", location: null }, { startMinute: 22 * 60, activity: "sleep", location: null }], ...overrides });

function world(seed: AgentSeed, startMinute: number, day = 1): WorldSimulation {
  return simulation([seed], { gameTime: gameTimeOf(day, startMinute), clockSpeed: FAST });
}

describe("energy", () => {
  it("a night of sleep restores it and a day of work uses it up", () => {
    const sim = world(sleeper({ energy: 30 }), 22 * 60);
    const rosa = sim.agents.get("rosa")!;
    expect(rosa.mood).toBe("tired");
    run(sim, 8 * HOUR_MS); // 22:00 to 6:00, asleep
    const morning = rosa.energy;
    expect(morning).toBeGreaterThan(90);
    expect(rosa.mood).toBe("cheerful");

    run(sim, 15.75 * HOUR_MS); // 6:00 to 21:45, baking
    expect(rosa.activity).toBe("bake bread");
    expect(rosa.energy).toBeLessThan(morning - 60);
    expect(rosa.energy).toBeGreaterThan(15);
    expect(rosa.mood).toBe("tired");
  });

  it("a long talk tires more than a short one, and more per minute the longer it lasts", () => {
    const talked = (minutes: number) => {
      const sim = world(baker({ energy: 80, schedule: [{ startMinute: 0, activity: "rest at home", location: null }] }), 10 * 60);
      const rested = world(baker({ energy: 80, schedule: [{ startMinute: 0, activity: "rest at home", location: null }] }), 10 * 60);
      const talk: WorldInput[] = [{ type: "player_join", playerId: "p1", name: "Ann", x: 3, y: 3 }, { type: "agent_talk_start", agentId: "rosa", partner: { kind: "player", id: "p1" }, generation: null }];
      run(sim, 50, talk);
      run(rested, 50);
      run(sim, (minutes * HOUR_MS) / 60);
      run(rested, (minutes * HOUR_MS) / 60);
      return rested.agents.get("rosa")!.energy - sim.agents.get("rosa")!.energy;
    };
    const short = talked(10);
    const long = talked(60);
    expect(short).toBeGreaterThan(0);
    expect(long).toBeGreaterThan(6 * short);
  });

  it("does not count a clock jump as time lived", () => {
    const sim = world(sleeper({ energy: 50 }), 12 * 60);
    run(sim, 50, [{ type: "set_clock", gameTime: gameTimeOf(2, 12 * 60) }]);
    expect(sim.agents.get("rosa")!.energy).toBeCloseTo(50, 0);
  });
});

describe("mood", () => {
  it("agent_feeling shifts it, bounded per event, and it drifts back to the resting mood over game hours", () => {
    const sim = world(baker({ mood: "steady", schedule: [{ startMinute: 0, activity: "rest at home", location: null }] }), 9 * 60);
    const rosa = sim.agents.get("rosa")!;
    expect(rosa.mood).toBe("steady");

    const events = run(sim, 50, [{ type: "agent_feeling", agentId: "rosa", change: -40, cause: "Tess was rude to me" }]);
    expect(rosa.valence).toBeCloseTo(-5, 1);
    expect(rosa.mood).toBe("uneasy");
    expect(ofType(events, "feeling_changed")).toEqual([{ type: "feeling_changed", agentId: "rosa", change: -40, cause: "Tess was rude to me", mood: "uneasy" }]);

    run(sim, 50, [{ type: "agent_feeling", agentId: "rosa", change: -3, cause: "more bad news" }]);
    expect(rosa.mood).toBe("upset");

    run(sim, 3 * HOUR_MS);
    expect(rosa.valence).toBeGreaterThan(-5);
    expect(rosa.valence).toBeLessThan(-2.5);
    run(sim, 10 * HOUR_MS);
    expect(rosa.valence).toBe(0);
    expect(rosa.mood).toBe("steady");

    run(sim, 50, [{ type: "agent_feeling", agentId: "rosa", change: 7, cause: "a warm talk with an old friend" }]);
    expect(rosa.mood).toBe("cheerful");
  });

  it("rejects a feeling for an unknown agent, without a cause, or with no number", () => {
    const sim = world(baker(), 9 * 60);
    const events = run(sim, 50, [
      { type: "agent_feeling", agentId: "nobody", change: 1, cause: "news" },
      { type: "agent_feeling", agentId: "rosa", change: 1, cause: "  " },
      { type: "agent_feeling", agentId: "rosa", change: Number.NaN, cause: "news" },
    ]);
    expect(ofType(events, "input_rejected").map((event) => event.reason)).toEqual([
      'unknown agent "nobody"',
      'agent_feeling for "rosa" needs a cause: say what happened',
      'agent_feeling for "rosa" needs a finite change in valence units (got NaN)',
    ]);
    expect(sim.agents.get("rosa")!.valence).toBe(0);
  });

  it("is deterministic, and a resumed world goes on with the same energy and mood", () => {
    const play = (sim: WorldSimulation) => {
      run(sim, 50, [{ type: "agent_feeling", agentId: "rosa", change: 4, cause: "good news" }]);
      run(sim, 5 * HOUR_MS);
    };
    const first = world(sleeper({ energy: 70 }), 5 * 60);
    const second = world(sleeper({ energy: 70 }), 5 * 60);
    play(first);
    play(second);
    expect(second.snapshot()).toEqual(first.snapshot());

    const saved = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<WorldSimulation["snapshot"]>;
    expect(saved.agents[0]).toMatchObject({ energy: first.agents.get("rosa")!.energy, valence: first.agents.get("rosa")!.valence });
    const resumed = resumeFromSnapshot(saved, [sleeper({ energy: 70 })], { seed: 1, gameTime: 0, clockSpeed: FAST });
    const copy = new WorldSimulation(smallWorld, resumed.agents, resumed.options);
    expect(copy.agents.get("rosa")).toMatchObject({ energy: first.agents.get("rosa")!.energy, valence: first.agents.get("rosa")!.valence, mood: first.agents.get("rosa")!.mood });
    run(first, HOUR_MS);
    run(copy, HOUR_MS);
    expect(copy.agents.get("rosa")!.energy).toBeCloseTo(first.agents.get("rosa")!.energy, 6);
  });
});
