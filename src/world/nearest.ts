import type { Point } from "./point.ts";

/** The id of the entity nearest to `at` within `range` tiles, or undefined when none is that close. */
export function nearestWithin(entities: Iterable<Point & { id: string }>, at: Point, range: number): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const entity of entities) {
    const distance = Math.hypot(entity.x - at.x, entity.y - at.y);
    if (distance <= range && (!best || distance < best.distance)) best = { id: entity.id, distance };
  }
  return best?.id;
}
