import path from "node:path";
import type { WorldDefinition } from "../../../src/content/world-definition.ts";
import type { WorldLocation } from "../../../src/world/map-definition.ts";
import { readWorldFolder } from "../../../src/content/world-folder.ts";
import type { Point } from "../../../src/world/point.ts";
import { TileMap } from "../../../src/world/tile-map.ts";
import type { AgentSeed } from "../../../src/world/world-setup.ts";

export type MapDefinition = Pick<WorldDefinition, "map" | "locations">;

/** A map drawn as text: '#' is blocked, anything else walkable; letters mark tiles the test looks up. */
export function drawnMap(rows: readonly string[], locations: WorldLocation[] = []): { definition: MapDefinition; map: TileMap; marks: Map<string, Point> } {
  const marks = new Map<string, Point>();
  const blocked: MapDefinition["map"]["blocked"] = [];
  rows.forEach((row, y) => {
    [...row].forEach((cell, x) => {
      if (cell === "#") blocked.push({ x, y, width: 1, height: 1 });
      else if (/[A-Za-z]/.test(cell)) marks.set(cell, { x, y });
    });
  });
  const definition: MapDefinition = { map: { width: rows[0]!.length, height: rows.length, tileSize: 32, blocked }, locations };
  return { definition, map: TileMap.fromDefinition(definition), marks };
}

/**
 * A size x size map of horizontal walls every `spacing` rows, each with a one-tile gap at alternating
 * ends: the only way from top to bottom snakes across the whole width again and again.
 */
export function serpentineMap(size: number, spacing = 4): MapDefinition {
  const blocked: MapDefinition["map"]["blocked"] = [];
  for (let y = spacing, row = 0; y < size - 1; y += spacing, row++) {
    blocked.push(row % 2 === 0 ? { x: 0, y, width: size - 1, height: 1 } : { x: 1, y, width: size - 1, height: 1 });
  }
  return { map: { width: size, height: size, tileSize: 32, blocked }, locations: [] };
}

export function location(name: string, x: number, y: number, width: number, height: number): WorldLocation {
  return { name, type: "place", x, y, width, height };
}

export const HEARTWOOD_DIR = path.resolve("worlds/heartwood");

export function heartwood(): Promise<{ definition: WorldDefinition; agents: AgentSeed[] }> {
  return readWorldFolder(HEARTWOOD_DIR);
}

/** Checks a path the way a walker would follow it from `from`; returns the first problem found. */
export function pathProblem(map: TileMap, from: Point, to: Point, path: readonly Point[]): string | undefined {
  let previous = from;
  for (const [index, point] of path.entries()) {
    const dx = point.x - previous.x;
    const dy = point.y - previous.y;
    if (Math.abs(dx) > 1 || Math.abs(dy) > 1 || (dx === 0 && dy === 0)) return `step ${index} jumps from (${previous.x},${previous.y}) to (${point.x},${point.y})`;
    if (!map.isWalkable(point.x, point.y)) return `step ${index} (${point.x},${point.y}) is blocked`;
    if (dx !== 0 && dy !== 0 && (!map.isWalkable(previous.x + dx, previous.y) || !map.isWalkable(previous.x, previous.y + dy))) {
      return `step ${index} cuts a corner from (${previous.x},${previous.y}) to (${point.x},${point.y})`;
    }
    previous = point;
  }
  if (previous.x !== to.x || previous.y !== to.y) return `path ends at (${previous.x},${previous.y}), not (${to.x},${to.y})`;
  return undefined;
}

export function pathLength(from: Point, path: readonly Point[]): number {
  let length = 0;
  let previous = from;
  for (const point of path) {
    length += Math.hypot(point.x - previous.x, point.y - previous.y);
    previous = point;
  }
  return length;
}

/** Plain Dijkstra over the same moves, as the reference for shortest path lengths on small maps. */
export function shortestLength(map: TileMap, from: Point, to: Point): number | null {
  const distance = new Map<string, number>([[`${from.x},${from.y}`, 0]]);
  const done = new Set<string>();
  for (;;) {
    let best: string | undefined;
    for (const [key, value] of distance) if (!done.has(key) && (best === undefined || value < distance.get(best)!)) best = key;
    if (best === undefined) return null;
    const [x, y] = best.split(",").map(Number) as [number, number];
    if (x === to.x && y === to.y) return distance.get(best)!;
    done.add(best);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        if ((dx === 0 && dy === 0) || !map.isWalkable(x + dx, y + dy)) continue;
        if (dx !== 0 && dy !== 0 && (!map.isWalkable(x + dx, y) || !map.isWalkable(x, y + dy))) continue;
        const key = `${x + dx},${y + dy}`;
        const candidate = distance.get(best)! + Math.hypot(dx, dy);
        if (!done.has(key) && candidate < (distance.get(key) ?? Infinity)) distance.set(key, candidate);
      }
    }
  }
}
