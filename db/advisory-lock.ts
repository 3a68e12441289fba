import type pg from "pg";
import { withClient } from "./client.ts";

/** Runs `work` while this process holds a Postgres session advisory lock; other holders of `key` wait. */
export async function underAdvisoryLock<T>(pool: pg.Pool, key: number, work: () => Promise<T>): Promise<T> {
  // A client of its own: the lock belongs to its session, and `work` may use the rest of the pool. withClient
  // keeps a dropped connection from crashing the process while the lock is held.
  return withClient(pool, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [key]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [key]);
    }
  });
}
