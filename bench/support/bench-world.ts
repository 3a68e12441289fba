import path from "node:path";
import type { WorldDefinition } from "../../src/content/world-definition.ts";
import type { TileRectangle, WorldLocation } from "../../src/world/map-definition.ts";
import { readWorldFolder } from "../../src/content/world-folder.ts";
import { createRng, type Rng } from "../../src/world/rng.ts";
import type { AgentSeed } from "../../src/world/world-setup.ts";
import type { MapChoice } from "./tick-options.ts";

export const HEARTWOOD_DIR = path.resolve(import.meta.dirname, "../../worlds/heartwood");

/** The large map: heartwood's 64x48 town tiled 3x3 on 200x200, gaps between the towns for roads and fields. */
const LARGE_SIZE = 200;
const TOWN_COLUMNS_X = [2, 68, 134];
const TOWN_ROWS_Y = [4, 76, 148];
/** Rocks and trees in the fields between towns: count and largest edge in tiles. */
const LARGE_OBSTACLES = 220;
const LARGE_OBSTACLE_MAX_EDGE = 3;
/** Clones start within this many tiles of their original's starting tile. */
const START_JITTER_TILES = 3;

export interface BenchWorld {
  definition: WorldDefinition;
  agents: AgentSeed[];
  /** Town origins, so players can be scattered over the towns and the fields between them. */
  towns: { x: number; y: number }[];
}

/** The heartwood world and its 12 agents, exactly as the loader reads them from disk. */
function readHeartwood(): Promise<{ definition: WorldDefinition; agents: AgentSeed[] }> {
  return readWorldFolder(HEARTWOOD_DIR);
}

export async function buildBenchWorld(map: MapChoice, agentCount: number, seed: number): Promise<BenchWorld> {
  const heartwood = await readHeartwood();
  const rng = createRng(seed * 7919 + 17);
  if (map === "heartwood") {
    return { definition: heartwood.definition, agents: cloneAgents(heartwood.agents, agentCount, rng, () => ({ dx: 0, dy: 0, suffix: "" })), towns: [{ x: 0, y: 0 }] };
  }
  const towns = TOWN_ROWS_Y.flatMap((y) => TOWN_COLUMNS_X.map((x) => ({ x, y })));
  const definition = largeDefinition(heartwood.definition, towns, rng);
  // Copy c of the sample agents lives in town c mod 9, and follows its schedule in that town.
  const agents = cloneAgents(heartwood.agents, agentCount, rng, (copy) => {
    const town = copy % towns.length;
    return { dx: towns[town]!.x, dy: towns[town]!.y, suffix: `_${town}` };
  });
  return { definition, agents, towns };
}

/**
 * The first `count` agents of: the sample agents, then copy 1 of each, copy 2, ... Copies get new ids
 * and names, a start tile jittered around the original's, and (on the large map) their town's locations.
 */
function cloneAgents(originals: readonly AgentSeed[], count: number, rng: Rng, placeOf: (copy: number) => { dx: number; dy: number; suffix: string }): AgentSeed[] {
  const agents: AgentSeed[] = [];
  for (let i = 0; i < count; i++) {
    const original = originals[i % originals.length]!;
    const copy = Math.floor(i / originals.length);
    const { dx, dy, suffix } = placeOf(copy);
    const jitter = copy === 0 ? 0 : START_JITTER_TILES;
    agents.push({
      ...original,
      id: copy === 0 ? original.id : `${original.id}_${copy}`,
      name: copy === 0 ? original.name : `${original.name} ${copy + 1}`,
      x: original.x + dx + rng.int(-jitter, jitter),
      y: original.y + dy + rng.int(-jitter, jitter),
      location: original.location ? original.location + suffix : "",
      schedule: original.schedule.map((slot) => ({ ...slot, location: slot.location === null ? null : slot.location + suffix })),
    });
  }
  return agents;
}

function largeDefinition(town: WorldDefinition, origins: readonly { x: number; y: number }[], rng: Rng): WorldDefinition {
  const blocked: TileRectangle[] = [];
  const locations: WorldLocation[] = [];
  origins.forEach((origin, index) => {
    for (const rect of town.map.blocked) blocked.push({ ...rect, x: rect.x + origin.x, y: rect.y + origin.y });
    for (const location of town.locations) locations.push({ ...location, name: `${location.name}_${index}`, x: location.x + origin.x, y: location.y + origin.y });
  });
  const insideTown = (x: number, y: number, width: number, height: number) =>
    origins.some((origin) => x + width > origin.x - 1 && x < origin.x + town.map.width + 1 && y + height > origin.y - 1 && y < origin.y + town.map.height + 1);
  for (let placed = 0, tries = 0; placed < LARGE_OBSTACLES && tries < LARGE_OBSTACLES * 20; tries++) {
    const width = rng.int(1, LARGE_OBSTACLE_MAX_EDGE);
    const height = rng.int(1, LARGE_OBSTACLE_MAX_EDGE);
    const x = rng.int(0, LARGE_SIZE - width);
    const y = rng.int(0, LARGE_SIZE - height);
    if (insideTown(x, y, width, height)) continue;
    blocked.push({ x, y, width, height });
    placed++;
  }
  return {
    ...town,
    id: "heartwood_large",
    name: "Heartwood Valley (3x3 benchmark map)",
    map: { width: LARGE_SIZE, height: LARGE_SIZE, tileSize: town.map.tileSize, blocked },
    locations,
    spawn: { x: town.spawn.x + origins[0]!.x, y: town.spawn.y + origins[0]!.y },
  };
}
