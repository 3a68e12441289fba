import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RECENCY_DECAY, DEFAULT_RETRIEVAL_WEIGHTS, rankMemories, type RetrievalWeights, type ScorableMemory, type ScoredMemory } from "../../../agents/memory/retrieval-score.ts";
import { insertMemories, markAccessed, MemoryInputError, retrieveMemories, type MemoryInsertRow, type RetrievedMemory } from "../../../db/repositories/memory-repository.ts";
import { createRng } from "../../../src/world/rng.ts";
import { backend } from "../../support/database.ts";
import { DIMS, HOUR, MODEL, near, openMemoryDatabase, unitVector, type MemoryTestDatabase } from "./memory-fixtures.ts";

const NOW = 10 * 24 * HOUR;
const OTHER_MODEL = "tiny-model-8";
const LIMIT = 10;
/** Long candidate lists and a wide beam: with a few hundred rows the HNSW list is then the exact nearest list. */
const CANDIDATES = 60;
const NEAREST = 60;
const EF_SEARCH = 200;

interface TestMemory extends ScorableMemory {
  row: MemoryInsertRow;
  gameTime: number;
}

/**
 * Agent "ana": 300 memories around 4 topics with embeddings, 20 without, 10 from another model, and two
 * "stars" (fresh, important, emotional) without an embedding in the query's model. Agent "bo" has 50
 * memories on the same topics, which must never come back for ana.
 */
function generate(): { ana: Omit<TestMemory, "id">[]; bo: MemoryInsertRow[]; topics: number[][] } {
  const rng = createRng(2024);
  const topics = Array.from({ length: 4 }, () => unitVector(rng));
  const ana: Omit<TestMemory, "id">[] = [];
  const add = (embedding: { model: string; vector: number[] } | null, overrides: Partial<MemoryInsertRow> = {}) => {
    const gameTime = Math.floor(rng.next() * NOW);
    const row: MemoryInsertRow = {
      agentId: "ana",
      memoryType: "observation",
      content: `memory ${ana.length}`,
      importanceScore: Math.round(rng.next() * 10_000) / 1000,
      emotionalRelevance: Math.round(rng.next() * 1000) / 1000,
      gameTime,
      lastAccessedGameTime: rng.next() < 0.3 ? Math.floor(gameTime + rng.next() * (NOW - gameTime)) : gameTime,
      ...(embedding ? { embedding: { model: embedding.model, dimensions: embedding.vector.length, vector: embedding.vector } } : {}),
      ...overrides,
    };
    ana.push({
      row,
      gameTime,
      importanceScore: row.importanceScore!,
      emotionalRelevance: row.emotionalRelevance!,
      lastAccessedGameTime: row.lastAccessedGameTime!,
      embedding: embedding?.vector ?? null,
      embeddingModel: embedding?.model ?? null,
    });
  };
  for (let i = 0; i < 300; i++) add({ model: MODEL, vector: near(rng, topics[i % 4]!, 0.4 + rng.next() * 2) });
  for (let i = 0; i < 20; i++) add(null);
  for (let i = 0; i < 10; i++) add({ model: OTHER_MODEL, vector: unitVector(rng, 8) });
  add(null, { content: "the fire at the mill", importanceScore: 10, emotionalRelevance: 1, gameTime: NOW - 60, lastAccessedGameTime: NOW - 60 });
  add({ model: OTHER_MODEL, vector: unitVector(rng, 8) }, { content: "the wedding", importanceScore: 9.5, emotionalRelevance: 0.95, gameTime: NOW - 600, lastAccessedGameTime: NOW - 600 });
  const bo = Array.from({ length: 50 }, (_, i): MemoryInsertRow => ({
    agentId: "bo",
    memoryType: "observation",
    content: `bo memory ${i}`,
    importanceScore: 10,
    emotionalRelevance: 1,
    gameTime: NOW,
    embedding: { model: MODEL, dimensions: DIMS, vector: near(rng, topics[i % 4]!, 0.1) },
  }));
  return { ana, bo, topics };
}

describe(`memory retrieval on ${backend}`, () => {
  let m: MemoryTestDatabase;
  let ana: TestMemory[];
  let topics: number[][];
  const rng = createRng(7);

  beforeAll(async () => {
    m = await openMemoryDatabase(["ana", "bo"]);
    const data = generate();
    topics = data.topics;
    const ids = await insertMemories(m.db.pool, data.ana.map((memory) => memory.row));
    ana = data.ana.map((memory, index) => ({ ...memory, id: ids[index]! }));
    await insertMemories(m.db.pool, data.bo);
  });

  afterAll(async () => {
    await m?.close();
  });

  function exact(query: number[] | null, weights: RetrievalWeights = DEFAULT_RETRIEVAL_WEIGHTS): ScoredMemory<TestMemory>[] {
    return rankMemories(ana, { embedding: query, model: MODEL, weights, decay: DEFAULT_RECENCY_DECAY }, NOW);
  }

  function retrieve(query: number[] | null, weights: RetrievalWeights = DEFAULT_RETRIEVAL_WEIGHTS, alsoConsider: number[] = []): Promise<RetrievedMemory[]> {
    return retrieveMemories(m.db.pool, {
      agentId: "ana",
      queryEmbedding: query,
      model: query ? MODEL : null,
      nowGameTime: NOW,
      weights,
      decay: DEFAULT_RECENCY_DECAY,
      limit: LIMIT,
      candidates: CANDIDATES,
      nearestCandidates: NEAREST,
      alsoConsider,
      efSearch: EF_SEARCH,
    });
  }

  /** The candidate union as the SQL builds it, computed exactly in TypeScript. */
  function exactUnion(ranked: ScoredMemory<TestMemory>[], alsoConsider: number[] = []): Set<number> {
    const union = new Set<number>(alsoConsider);
    const take = (entries: ScoredMemory<TestMemory>[], length: number, key: (entry: ScoredMemory<TestMemory>) => number) => {
      // Ties broken as the SQL breaks them: newest first.
      const sorted = [...entries].sort((a, b) => key(b) - key(a) || b.memory.gameTime - a.memory.gameTime);
      for (const entry of sorted.slice(0, length)) union.add(entry.memory.id);
    };
    take(ranked.filter((entry) => entry.similarity !== null), NEAREST, (entry) => entry.similarity!);
    take(ranked, CANDIDATES, (entry) => entry.memory.gameTime);
    take(ranked, CANDIDATES, (entry) => Math.fround(entry.memory.importanceScore));
    take(ranked, CANDIDATES, (entry) => Math.fround(entry.memory.emotionalRelevance));
    return union;
  }

  function expectSameAsExact(sql: RetrievedMemory[], ranked: ScoredMemory<TestMemory>[], alsoConsider: number[] = []): void {
    const top = ranked.slice(0, LIMIT);
    // Preconditions that make the comparison meaningful: the true top 10 is inside the candidate union,
    // and no two of the first 11 scores are so close that float4 storage could swap them.
    const union = exactUnion(ranked, alsoConsider);
    expect(top.every((entry) => union.has(entry.memory.id))).toBe(true);
    for (let i = 0; i < LIMIT; i++) expect(ranked[i]!.score - ranked[i + 1]!.score).toBeGreaterThan(1e-6);

    expect(sql.map((row) => row.id)).toEqual(top.map((entry) => entry.memory.id));
    sql.forEach((row, i) => {
      const expected = top[i]!;
      expect(row.agentId).toBe("ana");
      expect(Math.abs(row.score - expected.score)).toBeLessThan(1e-4);
      for (const key of ["recency", "importance", "emotion", "relevance"] as const) {
        expect(Math.abs(row.components[key] - expected.components[key])).toBeLessThan(1e-4);
      }
      if (expected.similarity === null) expect(row.similarity).toBeNull();
      else expect(Math.abs(row.similarity! - expected.similarity)).toBeLessThan(1e-4);
    });
  }

  it("returns the same ranking and scores as rankMemories over all of the agent's memories", async () => {
    for (const topic of topics) {
      const query = near(rng, topic, 0.3);
      expectSameAsExact(await retrieve(query), exact(query));
    }
  });

  it("follows per-world weights: relevance-heavy and recency-heavy rankings match too", async () => {
    const query = near(rng, topics[1]!, 0.3);
    for (const weights of [
      { recency: 0.2, importance: 0.2, emotion: 0.2, relevance: 3 },
      { recency: 3, importance: 0.5, emotion: 0, relevance: 1 },
    ]) {
      expectSameAsExact(await retrieve(query, weights), exact(query, weights));
    }
  });

  it("still retrieves memories without an embedding (or from another model) by recency and importance, with relevance 0.5", async () => {
    const query = near(rng, topics[2]!, 0.3);
    const rows = await retrieve(query);
    const fire = rows.find((row) => row.content === "the fire at the mill");
    const wedding = rows.find((row) => row.content === "the wedding");
    expect(fire).toMatchObject({ similarity: null, embeddingModel: null, components: { relevance: 0.5, importance: 1, emotion: 1 } });
    expect(wedding).toMatchObject({ similarity: null, embeddingModel: OTHER_MODEL, components: { relevance: 0.5 } });
  });

  it("works without a query embedding (embedder down): every relevance is 0.5", async () => {
    const rows = await retrieve(null);
    expectSameAsExact(rows, exact(null));
    expect(rows.every((row) => row.components.relevance === 0.5 && row.similarity === null)).toBe(true);
  });

  it("rejects a bad query vector or bad weights before any SQL", async () => {
    await expect(retrieve(new Array(DIMS).fill(0))).rejects.toThrow(/query embedding: embedding is a zero vector/);
    await expect(retrieve([1, Number.NaN, ...new Array(DIMS - 2).fill(0.1)])).rejects.toThrow(/embedding\[1\] is NaN/);
    await expect(retrieve(near(rng, topics[0]!, 0.3), { recency: 0, importance: 0, emotion: 0, relevance: 0 })).rejects.toThrow(MemoryInputError);
  });

  it("markAccessed refreshes recency and counts the access; the recalled memory comes back through alsoConsider", async () => {
    // A world that weighs recency three times, so that a fresh access (recency -> 1) matters a lot.
    const weights = { recency: 3, importance: 1, emotion: 1, relevance: 1 };
    const query = near(rng, topics[3]!, 0.3);
    const before = exact(query, weights);
    const tenth = before[LIMIT - 1]!.score;
    // An old memory outside every candidate list that a fresh access lifts into the top 10.
    const union = exactUnion(before);
    const lifted = before.slice(LIMIT).find((entry) => !union.has(entry.memory.id) && entry.score + 3 * (1 - entry.components.recency) > tenth + 0.01)!;
    expect(lifted).toBeDefined();
    expect((await retrieve(query, weights)).map((row) => row.id)).not.toContain(lifted.memory.id);

    expect(await markAccessed(m.db.pool, [lifted.memory.id, lifted.memory.id], NOW)).toBe(1);
    const { rows } = await m.db.pool.query("SELECT access_count, last_accessed_game_time FROM agent_memories WHERE id = $1", [lifted.memory.id]);
    expect(rows[0]).toEqual({ access_count: 1, last_accessed_game_time: String(NOW) });
    lifted.memory.lastAccessedGameTime = NOW;

    // Recency follows the last access, which no candidate list is ordered by (migration 002 keeps those
    // columns unindexed so that the update stays cheap): the caller passes what it recently retrieved.
    const after = await retrieve(query, weights, [lifted.memory.id]);
    expect(after.find((row) => row.id === lifted.memory.id)?.components.recency).toBe(1);
    expectSameAsExact(after, exact(query, weights), [lifted.memory.id]);
  });

  it("ignores alsoConsider ids of another agent's memories", async () => {
    const { rows } = await m.db.pool.query<{ id: string }>("SELECT id FROM agent_memories WHERE agent_id = 'bo' LIMIT 5");
    const query = near(rng, topics[0]!, 0.3);
    const result = await retrieve(query, DEFAULT_RETRIEVAL_WEIGHTS, rows.map((row) => Number(row.id)));
    expect(result.every((row) => row.agentId === "ana")).toBe(true);
  });
});
