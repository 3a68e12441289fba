import { ROUTE_CACHE_CAPACITY } from "./constants.ts";
import { LruCache } from "../shared-kernel/lru-cache.ts";
import { findPath } from "./pathfinding.ts";
import type { Point } from "./point.ts";
import type { TileMap } from "./tile-map.ts";

export type Route = readonly Readonly<Point>[];

/**
 * Remembers the paths between tile pairs (per map, least recently used forgotten first), so agents that
 * walk the same routes every day do not search again. Maps never change, so neither do their routes,
 * and "no path" is remembered too. Cached routes are frozen: copy before changing one.
 */
export class RouteCache {
  hits = 0;
  misses = 0;
  private readonly byMap = new WeakMap<TileMap, LruCache<string, Route | null>>();

  constructor(readonly capacity = ROUTE_CACHE_CAPACITY) {}

  cachedPath(map: TileMap, from: Point, to: Point): Route | null {
    const routes = this.routesOf(map);
    const key = `${Math.round(from.x)},${Math.round(from.y)}>${Math.round(to.x)},${Math.round(to.y)}`;
    if (routes.has(key)) {
      this.hits++;
      return routes.get(key) as Route | null;
    }
    this.misses++;
    const path = findPath(map, from, to);
    const route = path && Object.freeze(path.map((point) => Object.freeze(point)));
    routes.set(key, route);
    return route;
  }

  private routesOf(map: TileMap): LruCache<string, Route | null> {
    let routes = this.byMap.get(map);
    if (!routes) {
      routes = new LruCache(this.capacity);
      this.byMap.set(map, routes);
    }
    return routes;
  }
}
