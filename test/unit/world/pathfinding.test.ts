import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findPath } from "../../../src/world/pathfinding.ts";
import { TileMap } from "../../../src/world/tile-map.ts";
import { drawnMap, pathLength, pathProblem, serpentineMap, shortestLength } from "./world-fixtures.ts";

describe("findPath", () => {
  it("returns an empty path when already there", () => {
    const { map } = drawnMap(["...", "..."]);
    expect(findPath(map, { x: 1, y: 1 }, { x: 1, y: 1 })).toEqual([]);
  });

  it("walks a straight line, excluding the start and including the target", () => {
    const { map } = drawnMap(["....."]);
    expect(findPath(map, { x: 0, y: 0 }, { x: 4, y: 0 })).toEqual([
      { x: 1, y: 0 },
      { x: 2, y: 0 },
      { x: 3, y: 0 },
      { x: 4, y: 0 },
    ]);
  });

  it("takes diagonals on open ground (octile length)", () => {
    const { map } = drawnMap(["......", "......", "......", "......"]);
    const path = findPath(map, { x: 0, y: 0 }, { x: 5, y: 3 })!;
    expect(pathProblem(map, { x: 0, y: 0 }, { x: 5, y: 3 }, path)).toBeUndefined();
    expect(path).toHaveLength(5);
    expect(pathLength({ x: 0, y: 0 }, path)).toBeCloseTo(3 * Math.SQRT2 + 2, 9);
  });

  it("goes around a wall by the shortest way", () => {
    const { map, marks } = drawnMap([
      "......", //
      ".###..",
      "A#.B..",
      ".#....",
    ]);
    const from = marks.get("A")!;
    const to = marks.get("B")!;
    const path = findPath(map, from, to)!;
    expect(pathProblem(map, from, to, path)).toBeUndefined();
    expect(pathLength(from, path)).toBeCloseTo(shortestLength(map, from, to)!, 9);
  });

  it("never cuts a corner: a diagonal gap between two walls is closed", () => {
    const { map, marks } = drawnMap([
      "A#..", //
      "#B..",
      "....",
    ]);
    expect(findPath(map, marks.get("A")!, marks.get("B")!)).toBeNull();
    const { map: open, marks: openMarks } = drawnMap([
      "A#.", //
      "..B",
    ]);
    // (0,0) -> (1,1) would clip the wall at (1,0): the path must step down first.
    expect(findPath(open, openMarks.get("A")!, openMarks.get("B")!)).toEqual([
      { x: 0, y: 1 },
      { x: 1, y: 1 },
      { x: 2, y: 1 },
    ]);
  });

  it("returns null for a walled-off target, a blocked target and a target off the map", () => {
    const { map, marks } = drawnMap([
      "A...#...", //
      "....#.B.",
      "....#...",
    ]);
    expect(findPath(map, marks.get("A")!, marks.get("B")!)).toBeNull();
    expect(findPath(map, marks.get("A")!, { x: 4, y: 1 })).toBeNull();
    expect(findPath(map, marks.get("A")!, { x: 20, y: 1 })).toBeNull();
  });

  it("finds a valid shortest path on any small random map (against plain Dijkstra)", () => {
    const cell = fc.constantFrom(".", ".", ".", "#");
    const grid = fc.integer({ min: 2, max: 9 }).chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }).map((row) => row.join("")), { minLength: 2, maxLength: 9 }));
    const tile = fc.record({ x: fc.nat(8), y: fc.nat(8) });
    fc.assert(
      fc.property(grid, tile, tile, (rows, a, b) => {
        const { map } = drawnMap(rows);
        const from = { x: a.x % map.width, y: a.y % map.height };
        const to = { x: b.x % map.width, y: b.y % map.height };
        const path = findPath(map, from, to);
        const expected = map.isWalkable(from.x, from.y) && map.isWalkable(to.x, to.y) ? shortestLength(map, from, to) : null;
        if (expected === null) return path === null;
        return path !== null && pathProblem(map, from, to, path) === undefined && Math.abs(pathLength(from, path) - expected) < 1e-9;
      }),
      { numRuns: 300, seed: 20_240_601 },
    );
  });

  it("crosses a 300x300 serpentine maze corner to corner", () => {
    const map = TileMap.fromDefinition(serpentineMap(300));
    const from = { x: 0, y: 0 };
    const to = { x: 299, y: 299 };
    const path = findPath(map, from, to)!;
    expect(path).not.toBeNull();
    expect(pathProblem(map, from, to, path)).toBeUndefined();
    // 74 walls: the walker crosses the map's width once per corridor.
    expect(path.length).toBeGreaterThan(74 * 298);
    // Searching again on the same map reuses its buffers and gives the same answer.
    expect(findPath(map, from, to)).toEqual(path);
  });
});
