import { NodeMinHeap } from "./binary-heap.ts";
import type { Point } from "./point.ts";
import type { TileMap } from "./tile-map.ts";

/** The eight moves: orthogonal ones first, so that among equally short paths straight steps are tried first. */
const STEP_X = Int8Array.from([1, -1, 0, 0, 1, 1, -1, -1]);
const STEP_Y = Int8Array.from([0, 0, 1, -1, 1, -1, 1, -1]);
const STEP_COST = Float64Array.from([1, 1, 1, 1, Math.SQRT2, Math.SQRT2, Math.SQRT2, Math.SQRT2]);

/**
 * The shortest 8-directional path between two tiles (positions are rounded to tiles). A diagonal step is
 * allowed only when both orthogonal neighbours are walkable, so paths never cut a wall's corner.
 * Returns the tiles to visit after `from` (ending with `to`), `[]` when from is to, and null when either
 * end is blocked or no path exists. Not re-entrant (it reuses the map's search buffers).
 */
export function findPath(map: TileMap, from: Point, to: Point): Point[] | null {
  const start = { x: Math.round(from.x), y: Math.round(from.y) };
  const goal = { x: Math.round(to.x), y: Math.round(to.y) };
  if (!map.isWalkable(start.x, start.y) || !map.isWalkable(goal.x, goal.y)) return null;
  if (start.x === goal.x && start.y === goal.y) return [];
  // Walled-off targets are answered at once instead of exploring the whole reachable area.
  if (!map.areConnected(start, goal)) return null;
  return searchFor(map).run(start, goal);
}

/** Octile distance: the exact path length on an empty 8-directional grid, so A* stays optimal. */
export function octileDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = Math.abs(ax - bx);
  const dy = Math.abs(ay - by);
  return dx + dy + (Math.SQRT2 - 2) * Math.min(dx, dy);
}

// The buffers live as long as their map without the map knowing about path search.
const searches = new WeakMap<TileMap, AStarSearch>();

function searchFor(map: TileMap): AStarSearch {
  let search = searches.get(map);
  if (!search) {
    search = new AStarSearch(map);
    searches.set(map, search);
  }
  return search;
}

/**
 * A* over typed arrays sized to the map. Instead of clearing the arrays before each search, every
 * search gets a new stamp: a tile's cost and parent count only when its stamp is the current one.
 */
class AStarSearch {
  private readonly cost: Float64Array;
  private readonly parent: Int32Array;
  private readonly reachedStamp: Uint32Array;
  private readonly closedStamp: Uint32Array;
  private readonly open: NodeMinHeap;
  private stamp = 0;

  constructor(private readonly map: TileMap) {
    const tiles = map.width * map.height;
    this.cost = new Float64Array(tiles);
    this.parent = new Int32Array(tiles);
    this.reachedStamp = new Uint32Array(tiles);
    this.closedStamp = new Uint32Array(tiles);
    this.open = new NodeMinHeap(tiles);
  }

  run(start: Point, goal: Point): Point[] | null {
    const { width, height, blocked } = this.map;
    const stamp = this.nextStamp();
    const { cost, parent, reachedStamp, closedStamp, open } = this;
    const startTile = start.y * width + start.x;
    const goalTile = goal.y * width + goal.x;
    open.clear();
    cost[startTile] = 0;
    parent[startTile] = -1;
    reachedStamp[startTile] = stamp;
    const startEstimate = octileDistance(start.x, start.y, goal.x, goal.y);
    open.push(startTile, startEstimate, startEstimate);
    while (open.size > 0) {
      const tile = open.pop();
      if (tile === goalTile) return this.pathTo(goalTile);
      closedStamp[tile] = stamp;
      const x = tile % width;
      const y = (tile - x) / width;
      for (let step = 0; step < 8; step++) {
        const nx = x + STEP_X[step]!;
        const ny = y + STEP_Y[step]!;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const next = ny * width + nx;
        if (blocked[next] || closedStamp[next] === stamp) continue;
        if (step >= 4 && (blocked[y * width + nx] || blocked[ny * width + x])) continue;
        const nextCost = cost[tile]! + STEP_COST[step]!;
        if (reachedStamp[next] === stamp && nextCost >= cost[next]!) continue;
        cost[next] = nextCost;
        parent[next] = tile;
        reachedStamp[next] = stamp;
        const estimate = octileDistance(nx, ny, goal.x, goal.y);
        open.push(next, nextCost + estimate, estimate);
      }
    }
    return null;
  }

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.reachedStamp.fill(0);
      this.closedStamp.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private pathTo(goalTile: number): Point[] {
    const width = this.map.width;
    const path: Point[] = [];
    for (let tile = goalTile; this.parent[tile] !== -1; tile = this.parent[tile]!) {
      path.push({ x: tile % width, y: Math.floor(tile / width) });
    }
    return path.reverse();
  }
}
