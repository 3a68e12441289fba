import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { directionOf, walkFreely, walkPath, type Mover, type PathWalker } from "../../../src/world/movement.ts";
import { createRng } from "../../../src/world/rng.ts";
import { drawnMap } from "./world-fixtures.ts";

const mover = (x: number, y: number): Mover => ({ x, y, direction: "down", moving: false });
const walker = (x: number, y: number, path: { x: number; y: number }[]): PathWalker => ({ ...mover(x, y), path });

describe("walking a path", () => {
  it("moves at its speed and passes waypoints within one step", () => {
    const entity = walker(0, 0, [
      { x: 1, y: 0 },
      { x: 2, y: 0 },
      { x: 3, y: 0 },
    ]);
    expect(walkPath(entity, 3, 500)).toBe(false);
    expect(entity.x).toBeCloseTo(1.5);
    expect(entity.path).toEqual([
      { x: 2, y: 0 },
      { x: 3, y: 0 },
    ]);
    expect(entity).toMatchObject({ direction: "right", moving: true });
    expect(walkPath(entity, 3, 500)).toBe(true);
    expect(entity).toMatchObject({ x: 3, y: 0, moving: false, path: [] });
    expect(walkPath(entity, 3, 500)).toBe(false);
  });

  it("faces the dominant axis of its motion", () => {
    const entity = walker(2, 2, [{ x: 2, y: 1 }]);
    walkPath(entity, 1, 100);
    expect(entity.direction).toBe("up");
    expect(directionOf(-1, 0.5, "down")).toBe("left");
    expect(directionOf(0.2, 1, "left")).toBe("down");
    expect(directionOf(1, 1, "down")).toBe("down");
    expect(directionOf(1, 1, "up")).toBe("right");
    expect(directionOf(0, 0, "up")).toBe("up");
  });
});

describe("walking freely with a held direction", () => {
  const { map } = drawnMap([
    ".....", //
    "..#..",
    ".....",
  ]);

  it("moves speed * dt, diagonals no faster than straight lines", () => {
    const straight = mover(0, 0);
    walkFreely(straight, { dx: 1, dy: 0 }, map, 4, 250);
    expect(straight).toMatchObject({ x: 1, y: 0, direction: "right", moving: true });
    const diagonal = mover(0, 0);
    walkFreely(diagonal, { dx: 1, dy: 1 }, map, 2, 250);
    expect(Math.hypot(diagonal.x, diagonal.y)).toBeCloseTo(0.5, 9);
  });

  it("stops in front of a blocked tile and at the edge of the map", () => {
    const entity = mover(0, 1);
    for (let i = 0; i < 20; i++) walkFreely(entity, { dx: 1, dy: 0 }, map, 4, 50);
    expect(Math.round(entity.x)).toBe(1);
    expect(entity.moving).toBe(false);
    const edge = mover(0, 0);
    walkFreely(edge, { dx: -1, dy: 0 }, map, 4, 1000);
    expect(Math.round(edge.x)).toBe(0);
  });

  it("slides along a wall when the diagonal move is blocked", () => {
    const entity = mover(1, 2);
    walkFreely(entity, { dx: 1, dy: -1 }, map, 1, 1000);
    expect(Math.round(entity.y)).toBe(2);
    expect(entity.x).toBeGreaterThan(1);
  });

  it("never stands on a blocked tile or off the map, whatever is held (seeded random walk)", () => {
    const { map: maze } = drawnMap([
      "..........", //
      ".##.#..#..",
      ".#...#.##.",
      "...#......",
      ".#.#.###..",
      "...#...#.#",
    ]);
    const rng = createRng(99);
    const entity = mover(0, 0);
    for (let i = 0; i < 20_000; i++) {
      if (i % 7 === 0) entity.moving = false;
      const input = { dx: rng.int(-1, 1), dy: rng.int(-1, 1) };
      walkFreely(entity, input, maze, 4, rng.int(1, 400));
      expect(maze.isWalkable(Math.round(entity.x), Math.round(entity.y))).toBe(true);
    }
  });

  it("never stands on a blocked tile for any sequence of held inputs and frame lengths (fast-check)", () => {
    const { map: maze } = drawnMap(["..#....", ".#..#..", "...#...", ".#...#.", "...#..."]);
    const move = fc.record({ dx: fc.integer({ min: -1, max: 1 }), dy: fc.integer({ min: -1, max: 1 }), dtMs: fc.integer({ min: 0, max: 2_000 }) });
    fc.assert(
      fc.property(fc.array(move, { maxLength: 200 }), (moves) => {
        const entity = mover(0, 0);
        return moves.every(({ dx, dy, dtMs }) => {
          walkFreely(entity, { dx, dy }, maze, 5, dtMs);
          return maze.isWalkable(Math.round(entity.x), Math.round(entity.y));
        });
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
