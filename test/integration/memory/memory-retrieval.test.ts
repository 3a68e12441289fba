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
      gameTime: row.gameTime,
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

  /** The candidate union as the SQL builds it, computed exactly in TypeScript (raw keys, no normalisation). */
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

  /** rankMemories over the candidate union: what the statement computes, each component normalised over the union. */
  function overUnion(query: number[] | null, weights: RetrievalWeights = DEFAULT_RETRIEVAL_WEIGHTS, alsoConsider: number[] = []): ScoredMemory<TestMemory>[] {
    const union = exactUnion(exact(query, weights), alsoConsider);
    const candidates = ana.filter((memory) => union.has(memory.id));
    return rankMemories(candidates, { embedding: query, model: MODEL, weights, decay: DEFAULT_RECENCY_DECAY }, NOW);
  }

  function expectSameAsUnion(sql: RetrievedMemory[], ranked: ScoredMemory<TestMemory>[]): void {
    const top = ranked.slice(0, LIMIT);
    // Precondition that makes the comparison meaningful: no two of the first 11 scores are so close that
    // float4 storage could swap them.
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

  /** How many of the top 10 over ALL of ana's memories (components normalised over the whole stream) came back. */
  function sharedWithWholeStream(sql: RetrievedMemory[], query: number[] | null, weights: RetrievalWeights = DEFAULT_RETRIEVAL_WEIGHTS): number {
    const best = new Set(exact(query, weights).slice(0, LIMIT).map((entry) => entry.memory.id));
    return sql.filter((row) => best.has(row.id)).length;
  }

  it("computes rankMemories over the candidate union, and returns the top 10 over all of the agent's memories", async () => {
    for (const topic of topics) {
      const query = near(rng, topic, 0.3);
      const rows = await retrieve(query);
      expectSameAsUnion(rows, overUnion(query));
      expect(sharedWithWholeStream(rows, query)).toBeGreaterThanOrEqual(9);
    }
  });

  it("follows per-world weights: relevance-heavy and recency-heavy rankings match too", async () => {
    const query = near(rng, topics[1]!, 0.3);
    for (const weights of [
      { recency: 0.2, importance: 0.2, emotion: 0.2, relevance: 3 },
      { recency: 3, importance: 0.5, emotion: 0, relevance: 1 },
    ]) {
      const rows = await retrieve(query, weights);
      expectSameAsUnion(rows, overUnion(query, weights));
      expect(sharedWithWholeStream(rows, query, weights)).toBeGreaterThanOrEqual(9);
    }
  });

  it("still retrieves memories without an embedding (or from another model) by recency and importance, scored as cosine 0", async () => {
    // A world that weighs the four equally, where a fresh, important and emotional memory beats the topic.
    const query = near(rng, topics[2]!, 0.3);
    const rows = await retrieve(query, { recency: 1, importance: 1, emotion: 1, relevance: 1 });
    const fire = rows.find((row) => row.content === "the fire at the mill");
    const wedding = rows.find((row) => row.content === "the wedding");
    const unrelated = overUnion(query).find((entry) => entry.memory.row.content === "the fire at the mill")!.components.relevance;
    expect(fire).toMatchObject({ similarity: null, embeddingModel: null, components: { relevance: expect.closeTo(unrelated, 4), importance: 1, emotion: 1 } });
    expect(wedding).toMatchObject({ similarity: null, embeddingModel: OTHER_MODEL, components: { relevance: expect.closeTo(unrelated, 4) } });
  });

  it("works without a query embedding (embedder down): every relevance is 0.5", async () => {
    const rows = await retrieve(null);
    expectSameAsUnion(rows, overUnion(null));
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
    // An old memory outside every candidate list that a fresh access lifts into the top 10.
    const union = exactUnion(exact(query, weights));
    const candidates = ana.filter((memory) => union.has(memory.id));
    const liftedByAccess = (memory: TestMemory) =>
      rankMemories([...candidates, { ...memory, lastAccessedGameTime: NOW }], { embedding: query, model: MODEL, weights, decay: DEFAULT_RECENCY_DECAY }, NOW)
        .slice(0, LIMIT)
        .some((entry) => entry.memory.id === memory.id);
    const lifted = { memory: ana.find((memory) => !union.has(memory.id) && liftedByAccess(memory))! };
    expect(lifted.memory).toBeDefined();
    expect((await retrieve(query, weights)).map((row) => row.id)).not.toContain(lifted.memory.id);

    expect(await markAccessed(m.db.pool, [lifted.memory.id, lifted.memory.id], NOW)).toBe(1);
    const { rows } = await m.db.pool.query("SELECT access_count, last_accessed_game_time FROM agent_memories WHERE id = $1", [lifted.memory.id]);
    expect(rows[0]).toEqual({ access_count: 1, last_accessed_game_time: String(NOW) });
    lifted.memory.lastAccessedGameTime = NOW;

    // Recency follows the last access, which no candidate list is ordered by (migration 002 keeps those
    // columns unindexed so that the update stays cheap): the caller passes what it recently retrieved.
    const after = await retrieve(query, weights, [lifted.memory.id]);
    expect(after.find((row) => row.id === lifted.memory.id)?.components.recency).toBe(1);
    expectSameAsUnion(after, overUnion(query, weights, [lifted.memory.id]));
  });

  it("ignores alsoConsider ids of another agent's memories", async () => {
    const { rows } = await m.db.pool.query<{ id: string }>("SELECT id FROM agent_memories WHERE agent_id = 'bo' LIMIT 5");
    const query = near(rng, topics[0]!, 0.3);
    const result = await retrieve(query, DEFAULT_RETRIEVAL_WEIGHTS, rows.map((row) => Number(row.id)));
    expect(result.every((row) => row.agentId === "ana")).toBe(true);
  });
});
