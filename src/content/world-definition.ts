import path from "node:path";
import type { ContentIssue } from "./content-issue.ts";
import { parseWithSchema } from "./parse-with-schema.ts";
import { readJsonFile } from "./read-json-file.ts";
import { readTiledMap, TiledMapSchema } from "./tiled-map.ts";
import { WorldFileSchema, type WorldFile } from "./world-file.ts";

/** A world as the server uses it: world.json with its Tiled map (if any) folded in. */
export type WorldDefinition = Omit<WorldFile, "$schema" | "map"> & {
  map: Omit<WorldFile["map"], "tiled">;
};

export interface WorldReadResult {
  definition?: WorldDefinition;
  issues: ContentIssue[];
}

export async function readWorldDefinition(file: string, maxFileBytes?: number): Promise<WorldReadResult> {
  const json = await readJsonFile(file, maxFileBytes);
  if (!json.ok) return { issues: [json.issue] };
  const parsed = parseWithSchema(WorldFileSchema, json.value, file);
  if (!parsed.data) return { issues: parsed.issues };
  const { $schema: _schema, map, ...rest } = parsed.data;
  const issues = [...parsed.issues];
  const definition: WorldDefinition = { ...rest, map: { width: map.width, height: map.height, tileSize: map.tileSize, blocked: map.blocked } };
  if (map.tiled) {
    const tiledFile = path.resolve(path.dirname(file), map.tiled);
    const tiled = await readTiledFile(tiledFile, maxFileBytes);
    issues.push(...tiled.issues);
    if (tiled.content) {
      if (tiled.content.width !== map.width || tiled.content.height !== map.height) {
        issues.push(error(file, "$.map", `map is ${map.width}x${map.height} tiles but ${map.tiled} is ${tiled.content.width}x${tiled.content.height}; make them equal`));
      }
      definition.map.blocked = [...map.blocked, ...tiled.content.blocked];
      const named = new Set(definition.locations.map((location) => location.name));
      definition.locations = [...definition.locations, ...tiled.content.locations.filter((location) => !named.has(location.name))];
    }
  }
  issues.push(...checkWorldGeometry(definition, file));
  return issues.some((issue) => issue.severity === "error") ? { issues } : { definition, issues };
}

async function readTiledFile(file: string, maxFileBytes?: number) {
  const json = await readJsonFile(file, maxFileBytes);
  if (!json.ok) return { issues: [json.issue] };
  const parsed = parseWithSchema(TiledMapSchema, json.value, file);
  // Tiled writes many fields this server does not use; they are not worth a warning each.
  const issues = parsed.issues.filter((issue) => issue.severity === "error");
  return { content: parsed.data && issues.length === 0 ? readTiledMap(parsed.data) : undefined, issues };
}

function checkWorldGeometry(world: WorldDefinition, file: string): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const { width, height } = world.map;
  const outside = (x: number, y: number, w = 1, h = 1) => x + w > width || y + h > height;
  world.map.blocked.forEach((rect, index) => {
    if (outside(rect.x, rect.y, rect.width, rect.height)) issues.push(error(file, `$.map.blocked[${index}]`, `rectangle reaches past the ${width}x${height} map`));
  });
  const seen = new Set<string>();
  world.locations.forEach((location, index) => {
    if (seen.has(location.name)) issues.push(error(file, `$.locations[${index}].name`, `location "${location.name}" is defined twice; names must be unique`));
    seen.add(location.name);
    if (outside(location.x, location.y, location.width, location.height)) {
      issues.push(error(file, `$.locations[${index}]`, `location "${location.name}" reaches past the ${width}x${height} map`));
    }
  });
  if (outside(world.spawn.x, world.spawn.y)) issues.push(error(file, "$.spawn", `spawn (${world.spawn.x}, ${world.spawn.y}) is outside the ${width}x${height} map`));
  else if (isBlocked(world, world.spawn.x, world.spawn.y)) issues.push(error(file, "$.spawn", `spawn (${world.spawn.x}, ${world.spawn.y}) is a blocked tile; move it to a walkable tile`));
  return issues;
}

export function isBlocked(world: Pick<WorldDefinition, "map">, x: number, y: number): boolean {
  return world.map.blocked.some((rect) => x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height);
}

function error(file: string, at: string, message: string): ContentIssue {
  return { severity: "error", file, path: at, message };
}
