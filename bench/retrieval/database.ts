import { openDatabase, type Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { createThrowawayDatabase } from "../../db/throwaway-database.ts";

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
  const { name, url, drop } = await createThrowawayDatabase(adminUrl, "lw_bench");
  try {
    const db = await openDatabase({ url, dataDir: "unused", poolMax: 4 });
    await migrate(db.pool);
    return {
      db,
      backend: "postgres",
      description: `postgres (throwaway database ${name} on ${new URL(url).host})`,
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
