import type { Point } from "./point.ts";

/** How close (in tiles) a player must stand to an agent to ask what it is doing. */
export const INTERACT_RANGE_TILES = 3;

/** Whether `b` is within `range` tiles of `a` (straight-line distance, edge included). */
export function withinRange(a: Point, b: Point, range: number): boolean {
  return Math.hypot(a.x - b.x, a.y - b.y) <= range;
}

/** Whether a tile lies on a map of this size (tiles count from 0). */
export function onMap(map: { width: number; height: number }, tile: Point): boolean {
  return tile.x >= 0 && tile.y >= 0 && tile.x < map.width && tile.y < map.height;
}

/** Whether a player stands close enough to an agent to interact with it. */
export function canInteract(player: Point, agent: Point): boolean {
  return withinRange(player, agent, INTERACT_RANGE_TILES);
}

/** Whether an agent is close enough to a player to hear it speak, at the world's talking range. */
export function canTalkTo(player: Point, agent: Point, talkRange: number): boolean {
  return withinRange(player, agent, talkRange);
}

/** Whether a player stands close enough to a spoken line to hear it, at the world's hearing range. */
export function canHear(hearer: Point, speakerAt: Point, hearingRange: number): boolean {
  return withinRange(hearer, speakerAt, hearingRange);
}
