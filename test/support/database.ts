import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../db/client.ts";

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
  const name = `lw_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    open: () => openDatabase({ url: url.toString(), dataDir: "unused", poolMax: 4 }),
    dispose: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
