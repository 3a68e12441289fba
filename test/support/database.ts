import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../../db/client.ts";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "../../db/migrate.ts";
import { createThrowawayDatabase } from "../../db/throwaway-database.ts";

/**
 * The backend the database suites run on: real Postgres when TEST_DATABASE_URL is set
 * (`npm run test:db`), embedded PGlite otherwise (`npm test`). Each call gets its own empty database.
 */
export const backend: "postgres" | "embedded" = process.env.TEST_DATABASE_URL ? "postgres" : "embedded";

export interface TestDatabase {
  /** Connection string for servers under test, or undefined for the embedded backend. */
  url?: string;
  /** Embedded backend only: a folder that outlives a server (for restart tests); else in memory. */
  dataDir?: string;
  open(): Promise<Database>;
  /** Drops the throwaway database (postgres backend). */
  dispose(): Promise<void>;
}

export async function createTestDatabase(options: { persistent?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl && options.persistent) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-test-data-"));
    return { dataDir, open: () => openDatabase({ dataDir }), dispose: () => fs.rm(dataDir, { recursive: true, force: true }) };
  }
  if (!adminUrl) return { open: () => openDatabase({ dataDir: "memory://" }), dispose: async () => {} };
  const { url, drop } = await createThrowawayDatabase(adminUrl, "lw_test");
  return { url, open: () => openDatabase({ url, dataDir: "unused", poolMax: 4 }), dispose: drop };
}

export interface MigratedTestDatabase {
  db: Database;
  /** Closes the database and drops it. */
  dispose(): Promise<void>;
}

/** A fresh database of the suite's backend with every migration applied. */
export async function migratedTestDatabase(): Promise<MigratedTestDatabase> {
  const testDb = await createTestDatabase();
  const db = await testDb.open();
  await migrate(db.pool);
  return {
    db,
    async dispose() {
      await db.close();
      await testDb.dispose();
    },
  };
}

/** A private copy of the migrations folder, of those `keep` accepts: for tests that edit one or stop short of some. */
export async function copyOfMigrations(keep: (name: string) => boolean = () => true): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-migrations-"));
  for (const name of await fs.readdir(DEFAULT_MIGRATIONS_DIR)) if (keep(name)) await fs.copyFile(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(dir, name));
  return dir;
}
