import { MAX_FREE_MOVE_SUBSTEP_TILES } from "./constants.ts";
import type { Point } from "./point.ts";
import type { TileMap } from "./tile-map.ts";

export type Direction = "up" | "down" | "left" | "right";
export const DIRECTIONS: readonly Direction[] = ["up", "down", "left", "right"];

/** Something that stands on the map: position in tile units (the centre of tile (3, 4) is x=3, y=4). */
export interface Mover {
  x: number;
  y: number;
  direction: Direction;
  moving: boolean;
}

export interface PathWalker extends Mover {
  /** Tiles still to visit, the next one first. */
  path: Point[];
}

/** A held direction: dx and dy each -1, 0 or 1. */
export interface HeldInput {
  dx: number;
  dy: number;
}

export function isDirection(value: unknown): value is Direction {
  return value === "up" || value === "down" || value === "left" || value === "right";
}

/** The facing for a motion, by its dominant axis; on a perfect diagonal the current facing is kept if it fits. */
export function directionOf(dx: number, dy: number, current: Direction): Direction {
  const horizontal: Direction = dx < 0 ? "left" : "right";
  const vertical: Direction = dy < 0 ? "up" : "down";
  if (dx === 0 && dy === 0) return current;
  if (Math.abs(dx) > Math.abs(dy)) return horizontal;
  if (Math.abs(dy) > Math.abs(dx)) return vertical;
  return current === vertical ? vertical : horizontal;
}

/**
 * Moves along `path` at `tilesPerSecond` for `dtMs`, passing through as many waypoints as the distance
 * allows and removing them. Returns true when this call reached the last waypoint.
 */
export function walkPath(walker: PathWalker, tilesPerSecond: number, dtMs: number): boolean {
  if (walker.path.length === 0) {
    walker.moving = false;
    return false;
  }
  let budget = (tilesPerSecond * dtMs) / 1000;
  while (budget > 0 && walker.path.length > 0) {
    const target = walker.path[0]!;
    const dx = target.x - walker.x;
    const dy = target.y - walker.y;
    const distance = Math.hypot(dx, dy);
    walker.direction = directionOf(dx, dy, walker.direction);
    if (distance <= budget) {
      walker.x = target.x;
      walker.y = target.y;
      budget -= distance;
      walker.path.shift();
    } else {
      walker.x += (dx / distance) * budget;
      walker.y += (dy / distance) * budget;
      budget = 0;
    }
  }
  walker.moving = walker.path.length > 0;
  return walker.path.length === 0;
}

/**
 * Moves in the held direction (diagonals normalised) by tilesPerSecond * dt, never onto a blocked tile
 * or off the map: the tile the new position rounds to must be walkable (and a diagonal tile change
 * needs both orthogonal tiles walkable, as in path search), and positions stay between the centres of
 * the edge tiles. A blocked move slides along one axis if it can.
 */
export function walkFreely(mover: Mover, input: HeldInput, map: TileMap, tilesPerSecond: number, dtMs: number): void {
  const { dx, dy } = input;
  if (dx === 0 && dy === 0) {
    mover.moving = false;
    return;
  }
  mover.direction = directionOf(dx, dy, mover.direction);
  const length = Math.hypot(dx, dy);
  const distance = (tilesPerSecond * dtMs) / 1000;
  const substeps = Math.max(1, Math.ceil(distance / MAX_FREE_MOVE_SUBSTEP_TILES));
  const stepX = ((dx / length) * distance) / substeps;
  const stepY = ((dy / length) * distance) / substeps;
  let moved = false;
  for (let i = 0; i < substeps; i++) {
    const stepped = tryMove(mover, stepX, stepY, map) || (stepX !== 0 && tryMove(mover, stepX, 0, map)) || (stepY !== 0 && tryMove(mover, 0, stepY, map));
    if (!stepped) break;
    moved = true;
  }
  mover.moving = moved;
}

function tryMove(mover: Mover, offsetX: number, offsetY: number, map: TileMap): boolean {
  // Edge tiles are walked up to their centre, so that nobody is drawn half off the map.
  const x = Math.min(map.width - 1, Math.max(0, mover.x + offsetX));
  const y = Math.min(map.height - 1, Math.max(0, mover.y + offsetY));
  if (x === mover.x && y === mover.y) return false;
  const tileX = Math.round(x);
  const tileY = Math.round(y);
  if (!map.isWalkable(tileX, tileY)) return false;
  const fromX = Math.round(mover.x);
  const fromY = Math.round(mover.y);
  if (tileX !== fromX && tileY !== fromY && (!map.isWalkable(tileX, fromY) || !map.isWalkable(fromX, tileY))) return false;
  mover.x = x;
  mover.y = y;
  return true;
}
