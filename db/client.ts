import fs from "node:fs/promises";
import pg from "pg";
import pgvector from "pgvector/pg";
import { embeddedDatabaseFolder, ensureEmbeddedDatabase } from "./embedded-creation.ts";
import { lockDataDir } from "./embedded-lock.ts";
import { PGliteThread } from "./pglite-thread.ts";

/**
 * Postgres' default 128 MB of shared buffers is most of the embedded database's memory, and the
 * operating system caches its files anyway: a game server's working set (live state, recent
 * memories) fits in far less.
 */
const EMBEDDED_POSTGRESQL_CONF = ["shared_buffers = 16MB"];

export type DatabaseKind = "embedded" | "postgres";

export interface Database {
  kind: DatabaseKind;
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Real Postgres when set; embedded PGlite otherwise. */
  url?: string;
  /** Where PGlite keeps its files; `memory://` keeps them in memory (tests). */
  dataDir: string;
  poolMax?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolMax ?? 10) : openEmbedded(options.dataDir);
}

async function registerVectorType(client: pg.ClientBase): Promise<void> {
  await pgvector.registerTypes(client);
}

async function openPostgres(url: string, poolMax: number): Promise<Database> {
  // The vector type must exist before pgvector can register its parser, so create it first with a plain client.
  await ensureVectorExtension(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    onConnect: registerVectorType,
  });
  pool.on("error", () => {
    // An idle client lost its connection (server restart); the pool replaces it on the next query.
  });
  return { kind: "postgres", pool, close: () => pool.end() };
}

async function ensureVectorExtension(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS vector");
  } finally {
    await client.end();
  }
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  const inMemory = dataDir.startsWith("memory://");
  const location = inMemory ? dataDir : embeddedDatabaseFolder(dataDir);
  if (!inMemory) await fs.mkdir(location, { recursive: true });
  const unlock = inMemory ? async () => {} : await lockDataDir(location);
  let pglite: PGliteThread;
  try {
    await ensureEmbeddedDatabase(dataDir);
    pglite = await startPGliteThread(location);
  } catch (error) {
    await unlock();
    throw error;
  }
  // PGlite is a single connection, so the pool holds exactly one client.
  const pool = new pg.Pool({ ...createPgConfig(pglite as unknown as Parameters<typeof createPgConfig>[0]), max: 1, onConnect: registerVectorType });
  return {
    kind: "embedded",
    pool,
    async close() {
      await pool.end();
      await pglite.close();
      await unlock();
    },
  };
}

async function startPGliteThread(dataDir: string): Promise<PGliteThread> {
  const thread = new PGliteThread({ dataDir, postgresqlconf: EMBEDDED_POSTGRESQL_CONF });
  try {
    await thread.waitReady;
    return thread;
  } catch (error) {
    await thread.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Runs `work` with a client of its own. While checked out, a client whose connection drops emits
 * "error" with nobody listening, which would crash the process (pg's pool only listens on idle
 * clients); the dropped connection also fails the next query, which is where the caller sees it.
 * A client whose connection dropped is destroyed rather than handed back for reuse.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on("error", onError);
  try {
    return await work(client);
  } finally {
    client.off("error", onError);
    client.release(lost);
  }
}

/** Runs `work` inside one transaction; everything it wrote is rolled back if it throws. */
export function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, (client) => inTransaction(client, work));
}

export function inTransaction<C extends pg.ClientBase, T>(client: C, work: (client: C) => Promise<T>): Promise<T> {
  return bracketed(client, { begin: "BEGIN", end: "COMMIT", undo: "ROLLBACK" }, () => work(client));
}

/** Runs `work` under a savepoint of the transaction `client` is in: if it throws, what it wrote is undone and the transaction goes on. */
export function underSavepoint<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  return bracketed(client, { begin: "SAVEPOINT under_savepoint", end: "RELEASE SAVEPOINT under_savepoint", undo: "ROLLBACK TO SAVEPOINT under_savepoint" }, work);
}

async function bracketed<T>(client: pg.ClientBase, statements: { begin: string; end: string; undo: string }, work: () => Promise<T>): Promise<T> {
  await client.query(statements.begin);
  try {
    const result = await work();
    await client.query(statements.end);
    return result;
  } catch (error) {
    await client.query(statements.undo).catch(() => undefined);
    throw error;
  }
}
