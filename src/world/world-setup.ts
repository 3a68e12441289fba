import {
  DEFAULT_AGENT_ENERGY,
  DEFAULT_AGENT_SPEED_TILES_PER_SECOND,
  DEFAULT_PERCEPTION_EVERY_TICKS,
  DEFAULT_PLAYER_SPEED_TILES_PER_SECOND,
  DEFAULT_VISION_RADIUS_TILES,
  MAX_MOOD_VALENCE,
} from "./constants.ts";
import type { AgentSim } from "./entities.ts";
import { moodOf } from "./feelings.ts";
import { isDirection } from "./movement.ts";
import type { ScheduleSlot } from "./schedule.ts";
import type { TileMap } from "./tile-map.ts";

/** An agent as the caller hands it to the simulation: from its file, or from saved state (see snapshot.ts). */
export interface AgentSeed {
  id: string;
  name: string;
  role?: string;
  /** Tile units; moved to the nearest walkable tile if blocked. */
  x: number;
  y: number;
  direction?: string;
  activity: string;
  location: string;
  /** The resting mood, from the agent's file. */
  mood?: string;
  /** 0-100; default DEFAULT_AGENT_ENERGY. */
  energy?: number;
  /** Mood valence in valence units; default 0 (the resting mood). */
  valence?: number;
  schedule: ScheduleSlot[];
  /** Saved generation, so that jobs started before a restart are still recognised as stale. Default 0. */
  generation?: number;
}

export interface SimulationOptions {
  /** Seeds the RNG when no rngState is given. */
  seed: number;
  /** A saved Rng.state(); wins over seed. */
  rngState?: string;
  /** Game seconds since day 1, 00:00. */
  gameTime: number;
  /** Game seconds per real second. */
  clockSpeed: number;
  /** Tiles. */
  visionRadius?: number;
  /** Tiles per real second. */
  agentSpeed?: number;
  /** Tiles per real second. */
  playerSpeed?: number;
  /** Run perception every this many steps. */
  perceptionEveryTicks?: number;
}

export interface Tunables {
  visionRadius: number;
  agentSpeed: number;
  playerSpeed: number;
  perceptionEveryTicks: number;
}

export function tunablesOf(options: SimulationOptions): Tunables {
  const tunables = {
    visionRadius: options.visionRadius ?? DEFAULT_VISION_RADIUS_TILES,
    agentSpeed: options.agentSpeed ?? DEFAULT_AGENT_SPEED_TILES_PER_SECOND,
    playerSpeed: options.playerSpeed ?? DEFAULT_PLAYER_SPEED_TILES_PER_SECOND,
    perceptionEveryTicks: options.perceptionEveryTicks ?? DEFAULT_PERCEPTION_EVERY_TICKS,
  };
  for (const name of ["visionRadius", "agentSpeed", "playerSpeed"] as const) {
    if (!Number.isFinite(tunables[name]) || tunables[name] <= 0) throw new RangeError(`simulation option ${name} must be a finite number > 0 (got ${tunables[name]})`);
  }
  if (!Number.isInteger(tunables.perceptionEveryTicks) || tunables.perceptionEveryTicks < 1) {
    throw new RangeError(`simulation option perceptionEveryTicks must be an integer >= 1 (got ${tunables.perceptionEveryTicks})`);
  }
  return tunables;
}

export function agentFromSeed(seed: AgentSeed, map: TileMap): AgentSim {
  const standsOnWalkable = map.isWalkable(Math.round(seed.x), Math.round(seed.y));
  const position = standsOnWalkable ? { x: seed.x, y: seed.y } : map.nearestWalkable(seed.x, seed.y);
  if (!position) throw new Error(`agent "${seed.id}" cannot be placed: the map has no walkable tile`);
  if (seed.energy !== undefined && !(seed.energy >= 0 && seed.energy <= 100)) throw new RangeError(`agent "${seed.id}" energy must be between 0 and 100 (got ${seed.energy})`);
  if (seed.valence !== undefined && !(Math.abs(seed.valence) <= MAX_MOOD_VALENCE)) throw new RangeError(`agent "${seed.id}" mood valence must be between -${MAX_MOOD_VALENCE} and ${MAX_MOOD_VALENCE} (got ${seed.valence})`);
  const agent: AgentSim = {
    kind: "agent",
    id: seed.id,
    name: seed.name,
    role: seed.role ?? "",
    x: position.x,
    y: position.y,
    direction: isDirection(seed.direction) ? seed.direction : "down",
    moving: false,
    activity: seed.activity,
    location: seed.location,
    restingMood: seed.mood ?? "",
    energy: seed.energy ?? DEFAULT_AGENT_ENERGY,
    valence: seed.valence ?? 0,
    mood: "",
    talkMinutes: 0,
    path: [],
    destination: null,
    pendingActivity: null,
    schedule: [...seed.schedule].sort((a, b) => a.startMinute - b.startMinute),
    currentSlotStart: null,
    generation: seed.generation ?? 0,
    talkingWith: null,
    usualSpots: new Map(),
  };
  agent.mood = moodOf(agent);
  return agent;
}
