import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";

export interface BenchDatabase {
  db: Database;
  /** What the report prints: "postgres (throwaway database lw_bench_... on host:port)" or "embedded (PGlite, in memory)". */
  description: string;
  backend: "postgres" | "embedded";
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database: a throwaway one next to DATABASE_URL (else TEST_DATABASE_URL) on a real
 * Postgres, dropped by dispose(); or an in-memory PGlite when neither is set.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const adminUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = await openDatabase({ dataDir: "memory://" });
    await migrate(db.pool);
    return { db, backend: "embedded", description: "embedded (PGlite, in memory)", dispose: () => db.close() };
  }
  const name = `lw_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  try {
    const db = await openDatabase({ url: url.toString(), dataDir: "unused", poolMax: 4 });
    await migrate(db.pool);
    return {
      db,
      backend: "postgres",
      description: `postgres (throwaway database ${name} on ${url.host})`,
      async dispose() {
        await db.close();
        await drop();
      },
    };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
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
