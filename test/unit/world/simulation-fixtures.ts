import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";
import { WorldSimulation, type AgentSeed, type SimulationOptions, type WorldEvent, type WorldInput } from "../../../src/world/simulation.ts";
import { location, type MapDefinition } from "./world-fixtures.ts";

/**
 * 20x12 tiles: a wall at x=10 (y 0-4) with open ground below it, and an "island" in the top-right
 * corner fenced off on all sides, so nobody can reach it.
 */
export const smallWorld: MapDefinition = {
  map: {
    width: 20,
    height: 12,
    tileSize: 32,
    blocked: [
      { x: 10, y: 0, width: 1, height: 5 },
      { x: 16, y: 0, width: 1, height: 3 },
      { x: 16, y: 3, width: 4, height: 1 },
    ],
  },
  locations: [location("bakery", 1, 1, 4, 3), location("square", 12, 6, 5, 4), location("island", 17, 0, 3, 3), location("home", 1, 8, 4, 3)],
};

export const bakerSchedule = [
  { startMinute: 6 * 60, activity: "bake bread", location: "bakery" },
  { startMinute: 9 * 60, activity: "stroll", location: "square" },
  { startMinute: 12 * 60, activity: "hum a tune", location: null },
  { startMinute: 13 * 60, activity: "visit the island", location: "island" },
  { startMinute: 20 * 60, activity: "sleep", location: "home" },
];

export function baker(overrides: Partial<AgentSeed> = {}): AgentSeed {
  return { id: "rosa", name: "Rosa", role: "baker", x: 2, y: 2, activity: "kneading", location: "bakery", mood: "cheerful", schedule: bakerSchedule, ...overrides };
}

export function simulation(agents: AgentSeed[] = [baker()], options: Partial<SimulationOptions> = {}): WorldSimulation {
  return new WorldSimulation(smallWorld, agents, { seed: 1, gameTime: gameTimeOf(1, 7 * 60 + 30), clockSpeed: 60, ...options });
}

export const STEP_MS = 50;

/** Steps the simulation for `ms` of real time (inputs go with the first step) and returns all events. */
export function run(sim: WorldSimulation, ms: number, inputs: WorldInput[] = []): WorldEvent[] {
  const events: WorldEvent[] = [];
  for (let elapsed = 0; elapsed < ms; elapsed += STEP_MS) events.push(...sim.step(STEP_MS, elapsed === 0 ? inputs : []));
  return events;
}

export function ofType<T extends WorldEvent["type"]>(events: readonly WorldEvent[], type: T): Extract<WorldEvent, { type: T }>[] {
  return events.filter((event): event is Extract<WorldEvent, { type: T }> => event.type === type);
}
