import { z } from "zod";
import type { TileRectangle, WorldLocation } from "../world/map-definition.ts";

// Only the parts of the Tiled JSON format (.tmj) that a world uses; everything else is ignored.
const TiledObject = z.object({
  name: z.string().default(""),
  type: z.string().optional(),
  class: z.string().optional(),
  x: z.number(),
  y: z.number(),
  width: z.number().default(0),
  height: z.number().default(0),
});

const TiledLayer = z.object({
  name: z.string().default(""),
  type: z.enum(["tilelayer", "objectgroup", "imagelayer", "group"]),
  width: z.int().optional(),
  data: z.array(z.int()).optional(),
  objects: z.array(TiledObject).optional(),
});

export const TiledMapSchema = z.object({
  width: z.int().min(1),
  height: z.int().min(1),
  tilewidth: z.int().min(1),
  tileheight: z.int().min(1),
  infinite: z.literal(false, "infinite Tiled maps are not supported; turn off 'Infinite' in Map Properties").optional(),
  layers: z.array(TiledLayer),
});

export type TiledMap = z.infer<typeof TiledMapSchema>;

export interface TiledContent {
  width: number;
  height: number;
  tileSize: number;
  locations: WorldLocation[];
  blocked: TileRectangle[];
}

/** Object layers give named locations (pixels to tiles); a tile layer named "collision" gives blocked tiles. */
export function readTiledMap(map: TiledMap): TiledContent {
  const tile = map.tilewidth;
  const locations = map.layers
    .filter((layer) => layer.type === "objectgroup")
    .flatMap((layer) => layer.objects ?? [])
    .filter((object) => object.name.trim() !== "")
    .map((object) => ({
      name: object.name.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_"),
      type: object.type || object.class || "area",
      x: Math.floor(object.x / tile),
      y: Math.floor(object.y / map.tileheight),
      width: Math.max(1, Math.round(object.width / tile)),
      height: Math.max(1, Math.round(object.height / map.tileheight)),
    }));
  const blocked = map.layers
    .filter((layer) => layer.type === "tilelayer" && layer.name.toLowerCase() === "collision" && layer.data)
    .flatMap((layer) => rowRuns(layer.data!, map.width));
  return { width: map.width, height: map.height, tileSize: tile, locations, blocked };
}

/** Merges horizontal runs of non-empty tiles into rectangles one tile high, so big walls stay small. */
function rowRuns(data: readonly number[], width: number): TileRectangle[] {
  const runs: TileRectangle[] = [];
  for (let start = 0; start < data.length; start += width) {
    const y = start / width;
    let runStart = -1;
    for (let x = 0; x <= width; x++) {
      const filled = x < width && (data[start + x] ?? 0) !== 0;
      if (filled && runStart < 0) runStart = x;
      if (!filled && runStart >= 0) {
        runs.push({ x: runStart, y, width: x - runStart, height: 1 });
        runStart = -1;
      }
    }
  }
  return runs;
}
