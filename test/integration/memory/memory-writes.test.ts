import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  insertMemories,
  listUnembedded,
  MemoryInputError,
  recordObservations,
  setEmbeddings,
  type NewMemoryRecord as NewMemory,
} from "../../../db/repositories/memory-repository.ts";
import { withTransaction } from "../../../db/client.ts";
import { createRng } from "../../../src/world/rng.ts";
import { backend } from "../../support/database.ts";
import { countMemories, DIMS, MODEL, openMemoryDatabase, unitVector, type MemoryTestDatabase } from "./memory-fixtures.ts";

const MINUTE = 60;

function observation(agentId: string, content: string, gameTime: number, extra: Partial<NewMemory> = {}): NewMemory {
  return { agentId, memoryType: "observation", content, gameTime, ...extra };
}

describe(`memory writes on ${backend}`, () => {
  let m: MemoryTestDatabase;
  const rng = createRng(11);

  beforeAll(async () => {
    m = await openMemoryDatabase(["tess", "bram"]);
  });

  afterAll(async () => {
    await m?.close();
  });

  it("inserts a batch in one statement and returns the ids in input order", async () => {
    const batch = Array.from({ length: 500 }, (_, i) => observation(i % 2 ? "tess" : "bram", `thing ${i}`, i * MINUTE, { importanceScore: i % 11, tags: [`t${i}`] }));
    const ids = await insertMemories(m.db.pool, batch);
    expect(ids).toHaveLength(500);
    const { rows } = await m.db.pool.query<{ id: string; content: string; agent_id: string; tags: string[]; last_accessed_game_time: string; merge_count: number }>(
      "SELECT id, content, agent_id, tags, last_accessed_game_time, merge_count FROM agent_memories WHERE id = ANY($1::bigint[])",
      [ids],
    );
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    ids.forEach((id, i) => {
      expect(byId.get(id)).toMatchObject({ content: `thing ${i}`, agent_id: i % 2 ? "tess" : "bram", tags: [`t${i}`], merge_count: 1 });
      // A new memory counts as accessed when it is formed.
      expect(Number(byId.get(id)!.last_accessed_game_time)).toBe(i * MINUTE);
    });
  });

  it("merges a repeated observation within 30 game minutes of the first instead of inserting, and inserts one outside the window", async () => {
    const t0 = 10_000 * MINUTE;
    const [first] = await recordObservations(m.db.pool, [observation("tess", "Elara is hammering a blade.", t0, { importanceScore: 3 })]);
    expect(first!.merged).toBe(false);
    const before = await countMemories(m.db);

    const again = await recordObservations(m.db.pool, [observation("tess", "elara is  hammering a blade", t0 + 20 * MINUTE, { importanceScore: 6 })]);
    expect(again).toEqual([{ id: first!.id, merged: true }]);
    expect(await countMemories(m.db)).toBe(before);
    const { rows } = await m.db.pool.query("SELECT merge_count, game_time, last_accessed_game_time, importance_score FROM agent_memories WHERE id = $1", [first!.id]);
    // First seen at t0 (game_time stays), last seen 20 minutes later (recency restarts there).
    expect(rows[0]).toEqual({ merge_count: 2, game_time: String(t0), last_accessed_game_time: String(t0 + 20 * MINUTE), importance_score: 6 });

    // 31 minutes after the first sighting: a new memory.
    const later = await recordObservations(m.db.pool, [observation("tess", "Elara is hammering a blade.", t0 + 31 * MINUTE)]);
    expect(later[0]!.merged).toBe(false);
    expect(later[0]!.id).not.toBe(first!.id);
    expect(await countMemories(m.db)).toBe(before + 1);
  });

  it("handles a mixed batch in a constant number of statements: repeats inside the batch, other agents, other texts", async () => {
    const t0 = 20_000 * MINUTE;
    const before = await countMemories(m.db);
    const batch = [
      observation("tess", "The bell rings", t0),
      observation("bram", "The bell rings", t0),
      observation("tess", "The bell rings!", t0 + 5 * MINUTE),
      observation("tess", "A cat sleeps", t0 + 5 * MINUTE),
      observation("tess", "The bell rings", t0 + 10 * MINUTE),
    ];
    const statements = await countStatements(m, () => recordObservations(m.db.pool, batch));
    expect(statements.result.map((r) => r.merged)).toEqual([false, false, true, false, true]);
    expect(statements.result[2]!.id).toBe(statements.result[0]!.id);
    expect(await countMemories(m.db)).toBe(before + 3);
    const { rows } = await m.db.pool.query("SELECT merge_count, game_time, last_accessed_game_time FROM agent_memories WHERE id = $1", [statements.result[0]!.id]);
    expect(rows[0]).toEqual({ merge_count: 3, game_time: String(t0), last_accessed_game_time: String(t0 + 10 * MINUTE) });
    // BEGIN, find candidates, update merged rows, insert new rows, COMMIT: the same for 5 or 5,000 observations.
    expect(statements.count).toBeLessThanOrEqual(5);
  });

  it("stores embeddings in one batch, and listUnembedded finds what is still missing", async () => {
    const ids = await insertMemories(m.db.pool, [observation("bram", "x one", 0), observation("bram", "x two", 0), observation("bram", "x three", 0)]);
    const missing = await listUnembedded(m.db.pool, 10_000);
    expect(missing.map((row) => row.id)).toEqual(expect.arrayContaining(ids));
    expect(missing.find((row) => row.id === ids[0])).toEqual({ id: ids[0], agentId: "bram", content: "x one" });

    const updated = await setEmbeddings(m.db.pool, ids.slice(0, 2).map((id) => ({ id, embedding: unitVector(rng), model: MODEL, dimensions: DIMS })));
    expect(updated).toBe(2);
    const after = (await listUnembedded(m.db.pool, 10_000)).map((row) => row.id);
    expect(after).not.toContain(ids[0]);
    expect(after).toContain(ids[2]);
  });

  it.each([
    ["a zero vector", () => new Array(DIMS).fill(0), /embedding is a zero vector, which has no direction/],
    ["a NaN", () => [Number.NaN, ...unitVector(createRng(1)).slice(1)], /embedding\[0\] is NaN; every component must be a finite number/],
    ["Infinity", () => [...unitVector(createRng(1)).slice(1), Number.POSITIVE_INFINITY], /embedding\[255\] is Infinity/],
    ["the wrong dimension", () => unitVector(createRng(1), 128), /embedding has 128 dimensions, expected 256/],
  ])("rejects %s with a clear message and writes nothing of the batch", async (_, makeVector, detail) => {
    const ids = await insertMemories(m.db.pool, [observation("bram", "y one", 0), observation("bram", "y two", 0)]);
    const batch = [
      { id: ids[0]!, embedding: unitVector(rng), model: MODEL, dimensions: DIMS },
      { id: ids[1]!, embedding: makeVector(), model: MODEL, dimensions: DIMS },
    ];
    const refused = await setEmbeddings(m.db.pool, batch).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MemoryInputError);
    expect((refused as Error).message).toMatch(detail);
    expect((refused as Error).message).toMatch(new RegExp(`^embeddings\\[1\\] \\(memory ${ids[1]}\\): `));
    expect(await countMemories(m.db, "id = ANY($1::bigint[]) AND embedding IS NOT NULL", [ids])).toBe(0);

    // The same vector on insert: nothing of the batch is written.
    const before = await countMemories(m.db);
    const rows = [observation("bram", "z one", 0), { ...observation("bram", "z two", 0), embedding: { model: MODEL, dimensions: DIMS, vector: makeVector() } }];
    await expect(insertMemories(m.db.pool, rows)).rejects.toThrow(detail);
    await expect(insertMemories(m.db.pool, rows)).rejects.toThrow(/^memories\[1\]\.embedding: /);
    expect(await countMemories(m.db)).toBe(before);
  });

  it("refuses invalid rows with the field named, and writes none of the batch", async () => {
    const before = await countMemories(m.db);
    await expect(insertMemories(m.db.pool, [observation("tess", "fine", 0), observation("tess", "bad", 0, { importanceScore: 11 })])).rejects.toThrow(
      /memories\[1\]\.importanceScore: must be a number from 0 to 10 \(got 11\)/,
    );
    await expect(recordObservations(m.db.pool, [observation("tess", "   ", 0)])).rejects.toThrow(/memories\[0\]\.content: must be non-empty text/);
    await expect(setEmbeddings(m.db.pool, [{ id: 1, embedding: [1, 0], model: "bad model'", dimensions: 2 }])).rejects.toThrow(/is not allowed/);
    expect(await countMemories(m.db)).toBe(before);
  });

  it("runs inside the caller's transaction when given a client, and rolls back with it", async () => {
    const before = await countMemories(m.db);
    await expect(
      withTransaction(m.db.pool, async (client) => {
        await recordObservations(client, [observation("tess", "a rolled-back sight", 30_000 * MINUTE)]);
        throw new Error("caller fails");
      }),
    ).rejects.toThrow("caller fails");
    expect(await countMemories(m.db)).toBe(before);
  });
});

/** Counts the statements sent on the pool's client while `work` runs. */
async function countStatements<T>(m: MemoryTestDatabase, work: () => Promise<T>): Promise<{ result: T; count: number }> {
  const pool = m.db.pool;
  const original = pool.connect.bind(pool);
  let count = 0;
  const connect = async () => {
    const client = await original();
    const query = client.query.bind(client);
    (client as { query: unknown }).query = (...args: Parameters<typeof query>) => {
      count++;
      return query(...args);
    };
    const release = client.release.bind(client);
    client.release = (err?: Error | boolean) => {
      (client as { query: unknown }).query = query;
      return release(err);
    };
    return client;
  };
  (pool as { connect: unknown }).connect = connect;
  try {
    return { result: await work(), count };
  } finally {
    (pool as { connect: unknown }).connect = original;
  }
}
