import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/world/rng.ts";
import { drawnMap, location } from "./world-fixtures.ts";

describe("TileMap", () => {
  const { map } = drawnMap(
    [
      "....#.....",
      "....#.....",
      "....#.....",
      "....#.....", //
    ],
    [location("west", 0, 0, 3, 2), location("wall_room", 3, 0, 3, 3), location("east", 6, 0, 4, 4)],
  );

  it("knows which tiles are walkable; outside the map is not", () => {
    expect(map.isWalkable(0, 0)).toBe(true);
    expect(map.isWalkable(4, 2)).toBe(false);
    expect(map.isWalkable(-1, 0)).toBe(false);
    expect(map.isWalkable(10, 0)).toBe(false);
    expect(map.isWalkable(0, 4)).toBe(false);
  });

  it("names the location a tile is in", () => {
    expect(map.locationAt(1, 1)).toBe("west");
    expect(map.locationAt(7, 3)).toBe("east");
    expect(map.locationAt(1, 3)).toBeUndefined();
    expect(map.locationAt(-1, 0)).toBeUndefined();
    expect(map.location("east")).toMatchObject({ x: 6, y: 0, width: 4, height: 4 });
    expect(map.isInLocation("west", 2, 1)).toBe(true);
    expect(map.isInLocation("west", 3, 1)).toBe(false);
  });

  it("finds the nearest walkable tile from a blocked one or from outside the map", () => {
    expect(map.nearestWalkable(2, 2)).toEqual({ x: 2, y: 2 });
    expect(map.nearestWalkable(4, 1)).toEqual({ x: 3, y: 1 });
    expect(map.nearestWalkable(-5, 100)).toEqual({ x: 0, y: 3 });
  });

  it("picks random walkable tiles inside a location, all of them in time", () => {
    const rng = createRng(11);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const tile = map.randomWalkableTileIn("wall_room", rng)!;
      expect(map.isWalkable(tile.x, tile.y)).toBe(true);
      expect(map.isInLocation("wall_room", tile.x, tile.y)).toBe(true);
      seen.add(`${tile.x},${tile.y}`);
    }
    expect(seen.size).toBe(6);
    expect(map.randomWalkableTileIn("nowhere", rng)).toBeUndefined();
  });

  it("tells whether two tiles are connected", () => {
    expect(map.areConnected({ x: 0, y: 0 }, { x: 3, y: 3 })).toBe(true);
    expect(map.areConnected({ x: 0, y: 0 }, { x: 9, y: 3 })).toBe(false);
    expect(map.areConnected({ x: 0, y: 0 }, { x: 4, y: 0 })).toBe(false);
  });
});
