/** A tile position (integers) or a position in tile units (floats): x grows to the right, y grows downwards. */
export interface Point {
  x: number;
  y: number;
}

export function samePoint(a: Point, b: Point): boolean {
  return a.x === b.x && a.y === b.y;
}

/** The tile a position in tile units stands on (tile centres are the integers). */
export function tileOf(position: Point): Point {
  return { x: Math.round(position.x), y: Math.round(position.y) };
}
