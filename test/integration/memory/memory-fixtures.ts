import type { Database } from "../../../db/client.ts";
import { migrate } from "../../../db/migrate.ts";
import type { Rng } from "../../../src/world/rng.ts";
import { createTestDatabase, type TestDatabase } from "../../support/database.ts";

export const MODEL = "local-hash-256";
export const DIMS = 256;
export const HOUR = 3600;

export interface MemoryTestDatabase {
  testDb: TestDatabase;
  db: Database;
  close(): Promise<void>;
}

/** A fresh migrated database with world "w" and the given agents. */
export async function openMemoryDatabase(agentIds: readonly string[]): Promise<MemoryTestDatabase> {
  const testDb = await createTestDatabase();
  const db = await testDb.open();
  await migrate(db.pool);
  await db.pool.query(`INSERT INTO worlds (id, name, definition, definition_hash) VALUES ('w', 'W', '{}', 'h')`);
  await db.pool.query(`INSERT INTO agents (id, world_id, name, definition, definition_hash) SELECT id, 'w', id, '{}', 'h' FROM unnest($1::text[]) AS id`, [
    agentIds,
  ]);
  return {
    testDb,
    db,
    async close() {
      await db.close();
      await testDb.dispose();
    },
  };
}

/** A random unit vector with six decimals (what float4 storage keeps, near enough for 1e-4 comparisons). */
export function unitVector(rng: Rng, dims = DIMS): number[] {
  const raw = Array.from({ length: dims }, () => rng.next() * 2 - 1);
  const norm = Math.hypot(...raw);
  return raw.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

/** A unit vector near `center`: similarity to it falls as `spread` grows. */
export function near(rng: Rng, center: readonly number[], spread: number): number[] {
  const noise = unitVector(rng, center.length);
  const raw = center.map((x, i) => x + spread * noise[i]!);
  const norm = Math.hypot(...raw);
  return raw.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}

export async function countMemories(db: Database, where = "TRUE", params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ count: string }>(`SELECT count(*) FROM agent_memories WHERE ${where}`, params);
  return Number(rows[0]!.count);
}
