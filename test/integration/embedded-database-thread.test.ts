import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { openDatabase, type Database } from "../../db/client.ts";

describe("the embedded database runs in a thread of its own", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: "memory://" });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("leaves the event loop free while a long query runs", async () => {
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const turnsBefore = turns;
    const result = await db.pool.query<{ total: string }>("SELECT sum(g::bigint * g)::text AS total FROM generate_series(1, 3000000) AS g");
    spinning = false;
    expect(result.rows[0]!.total).toBe("9000004500000500000");
    // In the server's own thread the query would run to its end without one turn of the loop.
    expect(turns - turnsBefore).toBeGreaterThan(10);
  });

  it("reports SQL errors with their Postgres fields, as a server would", async () => {
    await db.pool.query("CREATE TABLE thread_probe (id int PRIMARY KEY)");
    await db.pool.query("INSERT INTO thread_probe VALUES (1)");
    const failure = await db.pool.query("INSERT INTO thread_probe VALUES (1)").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(pg.DatabaseError);
    expect(failure).toMatchObject({ code: "23505", constraint: "thread_probe_pkey", message: expect.stringContaining("duplicate key") });
    // The connection is still usable after the error.
    expect((await db.pool.query("SELECT count(*)::int AS n FROM thread_probe")).rows[0]).toEqual({ n: 1 });
  });

  it("keeps a transaction's statements together and rolls them back on request", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO thread_probe VALUES (2)");
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect((await db.pool.query("SELECT array_agg(id ORDER BY id) AS ids FROM thread_probe")).rows[0]).toEqual({ ids: [1] });
  });
});
