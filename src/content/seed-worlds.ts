import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { listWorldIds } from "../../db/repositories/world-repository.ts";
import type { EmbeddingProvider } from "../llm/task.ts";
import { loadContent, type LoadReport } from "./load-content.ts";

/**
 * Loads every world under worldsDir that the database does not have yet. Worlds already in the
 * database are left alone: their live state belongs to the running game, and designers push edits
 * with `npm run agents:load`.
 */
export async function seedMissingWorlds(pool: pg.Pool, worldsDir: string, maxFileBytes?: number, embedder?: EmbeddingProvider): Promise<LoadReport[]> {
  const known = new Set(await listWorldIds(pool));
  const entries = await fs.readdir(worldsDir, { withFileTypes: true }).catch(() => []);
  const reports: LoadReport[] = [];
  for (const entry of entries.filter((item) => item.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const worldDir = path.join(worldsDir, entry.name);
    const hasWorldFile = await fs.stat(path.join(worldDir, "world.json")).then(() => true, () => false);
    if (!hasWorldFile || known.has(entry.name)) continue;
    reports.push(await loadContent(pool, { paths: [worldDir], worldId: entry.name, worldsDir, defaultWorldId: entry.name, maxFileBytes, actor: "server:seed", embedder }));
  }
  return reports;
}
