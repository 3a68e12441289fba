import { describe, expect, it } from "vitest";
import { findPath } from "../../../src/world/pathfinding.ts";
import { RouteCache } from "../../../src/world/route-cache.ts";
import { drawnMap } from "./world-fixtures.ts";

describe("RouteCache", () => {
  const { map } = drawnMap(["........", "...##...", "........", "....#..."]);
  const from = { x: 0, y: 0 };
  const to = { x: 7, y: 3 };

  it("computes a route once and then returns the same one, counting the hit", () => {
    const routes = new RouteCache();
    const first = routes.cachedPath(map, from, to);
    expect(first).toEqual(findPath(map, from, to));
    expect(routes.misses).toBe(1);
    const second = routes.cachedPath(map, { x: 0.2, y: -0.3 }, to);
    expect(second).toBe(first);
    expect(routes.hits).toBe(1);
  });

  it("remembers that there is no path", () => {
    const walled = drawnMap(["..#..", "..#.."]).map;
    const routes = new RouteCache();
    expect(routes.cachedPath(walled, { x: 0, y: 0 }, { x: 4, y: 0 })).toBeNull();
    expect(routes.cachedPath(walled, { x: 0, y: 0 }, { x: 4, y: 0 })).toBeNull();
    expect(routes.hits).toBe(1);
  });

  it("forgets the least recently used route when full", () => {
    const routes = new RouteCache(2);
    routes.cachedPath(map, from, { x: 1, y: 0 });
    routes.cachedPath(map, from, { x: 2, y: 0 });
    routes.cachedPath(map, from, { x: 1, y: 0 });
    routes.cachedPath(map, from, { x: 3, y: 0 });
    expect(routes.misses).toBe(3);
    routes.cachedPath(map, from, { x: 1, y: 0 });
    expect(routes.hits).toBe(2);
    routes.cachedPath(map, from, { x: 2, y: 0 });
    expect(routes.misses).toBe(4);
  });

  it("keeps routes of different maps apart", () => {
    const other = drawnMap(["......#.", "......#.", "......#.", "......#."]).map;
    const routes = new RouteCache();
    expect(routes.cachedPath(map, from, to)).not.toBeNull();
    expect(routes.cachedPath(other, from, to)).toBeNull();
    expect(routes.misses).toBe(2);
  });

  it("hands out frozen routes so that no walker can change another's", () => {
    const route = new RouteCache().cachedPath(map, from, to)!;
    expect(Object.isFrozen(route)).toBe(true);
    expect(Object.isFrozen(route[0])).toBe(true);
  });
});
