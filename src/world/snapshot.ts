import type { AgentSim, PlayerSim } from "./entities.ts";
import type { Direction } from "./movement.ts";
import type { AgentSeed, SimulationOptions } from "./world-setup.ts";

/** The world's persistable state: plain JSON (JSON.stringify / JSON.parse round-trip it unchanged). */
export interface WorldSnapshot {
  clock: { gameTime: number; speed: number };
  rngState: string;
  agents: AgentSnapshot[];
  players: PlayerSnapshot[];
}

export interface AgentSnapshot {
  id: string;
  x: number;
  y: number;
  direction: Direction;
  activity: string;
  location: string;
  generation: number;
  energy: number;
  valence: number;
}

export interface PlayerSnapshot {
  id: string;
  x: number;
  y: number;
  direction: Direction;
}

export function snapshotOf(clock: { gameTime: number; speed: number }, rngState: string, agents: Iterable<AgentSim>, players: Iterable<PlayerSim>): WorldSnapshot {
  return {
    clock: { gameTime: clock.gameTime, speed: clock.speed },
    rngState,
    agents: Array.from(agents, (agent) => ({
      id: agent.id,
      x: agent.x,
      y: agent.y,
      direction: agent.direction,
      activity: agent.activity,
      location: agent.location,
      generation: agent.generation,
      energy: agent.energy,
      valence: agent.valence,
    })),
    players: Array.from(players, (player) => ({ id: player.id, x: player.x, y: player.y, direction: player.direction })),
  };
}

/**
 * What to build a WorldSimulation with to resume from a snapshot: the agents' definitions (name, role,
 * resting mood, schedule) with the saved position, facing, activity, location, generation, energy and
 * mood valence laid over them, and the options with the saved clock and RNG state. Agents missing from
 * the snapshot keep their seed; saved agents that no longer have a seed are dropped. Players are not
 * restored: they rejoin.
 * The resumed world takes up the schedule slot in effect again, so an agent that was walking picks a
 * fresh route from where it stood.
 */
export function resumeFromSnapshot(snapshot: WorldSnapshot, seeds: readonly AgentSeed[], options: SimulationOptions): { agents: AgentSeed[]; options: SimulationOptions } {
  const saved = new Map(snapshot.agents.map((agent) => [agent.id, agent]));
  const agents = seeds.map((seed) => {
    const state = saved.get(seed.id);
    if (!state) return seed;
    return { ...seed, x: state.x, y: state.y, direction: state.direction, activity: state.activity, location: state.location, generation: state.generation, energy: state.energy, valence: state.valence };
  });
  return { agents, options: { ...options, rngState: snapshot.rngState, gameTime: snapshot.clock.gameTime, clockSpeed: snapshot.clock.speed } };
}
