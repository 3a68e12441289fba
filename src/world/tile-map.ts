import type { MapDefinition, TileRectangle, WorldLocation } from "./map-definition.ts";
import type { Point } from "./point.ts";
import type { Rng } from "./rng.ts";
import { labelRegions } from "./tile-regions.ts";

/** The walkable grid of a world and its named locations. Immutable once built; tile coordinates are integers. */
export class TileMap {
  private readonly locationsByName: ReadonlyMap<string, WorldLocation>;
  /** Per tile: 0 for no location, else 1 + index in `locationList` (the first listed location wins where they overlap). */
  private readonly locationIndex: Uint16Array;
  private readonly walkableTilesByLocation: ReadonlyMap<string, Int32Array>;
  private regions: Int32Array | undefined;

  private constructor(
    readonly width: number,
    readonly height: number,
    /** 1 = blocked, 0 = walkable, at index y * width + x. Shared for speed: never write to it. */
    readonly blocked: Uint8Array,
    private readonly locationList: readonly WorldLocation[],
  ) {
    this.locationsByName = new Map(locationList.map((location) => [location.name, location]));
    this.locationIndex = this.indexLocations();
    this.walkableTilesByLocation = new Map(locationList.map((location) => [location.name, this.walkableTilesOf(location)]));
  }

  static fromDefinition(definition: MapDefinition): TileMap {
    const { width, height } = definition.map;
    if (definition.locations.length >= 0xffff) throw new RangeError(`a world may have at most ${0xffff - 1} locations (got ${definition.locations.length})`);
    const blocked = new Uint8Array(width * height);
    for (const rect of definition.map.blocked) {
      forEachTileIn(rect, width, height, (x, y) => {
        blocked[y * width + x] = 1;
      });
    }
    return new TileMap(width, height, blocked, definition.locations);
  }

  isInBounds(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  /** Integer tile coordinates; anything outside the map is not walkable. */
  isWalkable(x: number, y: number): boolean {
    return this.isInBounds(x, y) && this.blocked[y * this.width + x] === 0;
  }

  location(name: string): WorldLocation | undefined {
    return this.locationsByName.get(name);
  }

  get locations(): readonly WorldLocation[] {
    return this.locationList;
  }

  /** Name of the location containing the tile, if any. */
  locationAt(x: number, y: number): string | undefined {
    if (!this.isInBounds(x, y)) return undefined;
    const index = this.locationIndex[y * this.width + x]!;
    return index === 0 ? undefined : this.locationList[index - 1]!.name;
  }

  isInLocation(name: string, x: number, y: number): boolean {
    const location = this.locationsByName.get(name);
    return location !== undefined && x >= location.x && y >= location.y && x < location.x + location.width && y < location.y + location.height;
  }

  /**
   * The walkable tile nearest to (x, y), searched breadth-first in square rings around it (positions
   * outside the map start from the nearest edge tile); within a ring the straight-line nearest wins.
   * Undefined only when the map has no walkable tile at all.
   */
  nearestWalkable(x: number, y: number): Point | undefined {
    const cx = clamp(Math.round(x), 0, this.width - 1);
    const cy = clamp(Math.round(y), 0, this.height - 1);
    const maxRing = Math.max(cx, cy, this.width - 1 - cx, this.height - 1 - cy);
    for (let ring = 0; ring <= maxRing; ring++) {
      let best: Point | undefined;
      let bestDistance = Infinity;
      for (let ty = cy - ring; ty <= cy + ring; ty++) {
        const onEdgeRow = ty === cy - ring || ty === cy + ring;
        for (let tx = cx - ring; tx <= cx + ring; tx += onEdgeRow ? 1 : 2 * ring) {
          if (!this.isWalkable(tx, ty)) continue;
          const distance = (tx - cx) ** 2 + (ty - cy) ** 2;
          if (distance < bestDistance) {
            best = { x: tx, y: ty };
            bestDistance = distance;
          }
        }
      }
      if (best) return best;
    }
    return undefined;
  }

  /** A uniformly chosen walkable tile of the location; undefined for an unknown or fully blocked location. */
  randomWalkableTileIn(locationName: string, rng: Rng): Point | undefined {
    const tiles = this.walkableTilesByLocation.get(locationName);
    if (!tiles || tiles.length === 0) return undefined;
    const tile = tiles[rng.int(0, tiles.length - 1)]!;
    return { x: tile % this.width, y: Math.floor(tile / this.width) };
  }

  /** Whether one can walk from a to b (both integer tiles). Labels are computed on first use. */
  areConnected(a: Point, b: Point): boolean {
    if (!this.isWalkable(a.x, a.y) || !this.isWalkable(b.x, b.y)) return false;
    this.regions ??= labelRegions(this.width, this.height, this.blocked);
    return this.regions[a.y * this.width + a.x] === this.regions[b.y * this.width + b.x];
  }

  private indexLocations(): Uint16Array {
    const index = new Uint16Array(this.width * this.height);
    // Walk backwards so that earlier locations overwrite later ones where they overlap.
    for (let i = this.locationList.length - 1; i >= 0; i--) {
      forEachTileIn(this.locationList[i]!, this.width, this.height, (x, y) => {
        index[y * this.width + x] = i + 1;
      });
    }
    return index;
  }

  private walkableTilesOf(location: WorldLocation): Int32Array {
    const tiles: number[] = [];
    forEachTileIn(location, this.width, this.height, (x, y) => {
      if (this.blocked[y * this.width + x] === 0) tiles.push(y * this.width + x);
    });
    return Int32Array.from(tiles);
  }
}

/** Visits the rectangle's tiles row by row, clipped to the map (the loader reports rectangles that reach past it). */
function forEachTileIn(rect: TileRectangle, mapWidth: number, mapHeight: number, visit: (x: number, y: number) => void): void {
  const right = Math.min(rect.x + rect.width, mapWidth);
  const bottom = Math.min(rect.y + rect.height, mapHeight);
  for (let y = Math.max(rect.y, 0); y < bottom; y++) {
    for (let x = Math.max(rect.x, 0); x < right; x++) visit(x, y);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
