import type pg from "pg";
import { listLiveAgents } from "../db/repositories/agent-repository.ts";
import { listWorldSchedules } from "../db/repositories/schedule-repository.ts";
import type { StoredWorld } from "../db/repositories/world-repository.ts";
import { sha256 } from "../src/hash.ts";
import { WorldSimulation } from "../src/world/simulation.ts";

export interface ClockChange {
  gameTime?: number;
  speed?: number;
}

/** Builds a world's simulation from what the database holds: clock, RNG, agents where they were, schedules. */
export async function buildSimulation(pool: pg.Pool, world: StoredWorld, rngState?: string): Promise<WorldSimulation> {
  const [agents, schedules] = await Promise.all([listLiveAgents(pool, world.id), listWorldSchedules(pool, world.id)]);
  return new WorldSimulation(
    world.definition,
    agents.map((agent) => ({
      id: agent.id,
      name: agent.name,
      role: agent.role ?? undefined,
      x: agent.x,
      y: agent.y,
      direction: agent.direction,
      activity: agent.activity ?? "idle",
      location: agent.location ?? "",
      mood: agent.mood ?? undefined,
      energy: agent.energy,
      valence: agent.valence,
      schedule: (schedules.get(agent.id) ?? []).map((slot) => ({
        startMinute: slot.startMinute,
        activity: slot.activity,
        location: slot.location,
        description: slot.description ?? undefined,
      })),
    })),
    {
      seed: worldSeed(world.id),
      rngState: rngState ?? world.rngState ?? undefined,
      gameTime: world.gameTime,
      clockSpeed: world.clockSpeed,
    },
  );
}

/** A stable seed per world, so a world replays the same way from the same start. */
function worldSeed(worldId: string): number {
  return Number.parseInt(sha256(worldId).slice(0, 8), 16);
}
