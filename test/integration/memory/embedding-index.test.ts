import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RECENCY_DECAY, DEFAULT_RETRIEVAL_WEIGHTS } from "../../../agents/memory/retrieval-score.ts";
import { ensureEmbeddingIndex, insertMemories, MemoryInputError, retrieveMemories } from "../../../db/repositories/memory-repository.ts";
import { toVectorLiteral } from "../../../db/repositories/memory-embedding-validation.ts";
import { createRng } from "../../../src/world/rng.ts";
import { backend } from "../../support/database.ts";
import { openMemoryDatabase, unitVector, type MemoryTestDatabase } from "./memory-fixtures.ts";

const NEW_MODEL = "acme/embed-v2:small";
const NEW_DIMS = 64;

async function indexesOn(m: MemoryTestDatabase): Promise<{ indexname: string; indexdef: string }[]> {
  const { rows } = await m.db.pool.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'agent_memories' AND indexdef LIKE '%USING hnsw%' ORDER BY indexname",
  );
  return rows;
}

describe(`per-model embedding index on ${backend}`, () => {
  let m: MemoryTestDatabase;

  beforeAll(async () => {
    m = await openMemoryDatabase(["a"]);
  });

  afterAll(async () => {
    await m?.close();
  });

  it("recognises the index migration 001 made for the offline embedder", async () => {
    expect(await ensureEmbeddingIndex(m.db.pool, "local-hash-256", 256)).toEqual({ name: "agent_memories_embedding_local_hash_256", created: false });
    expect((await indexesOn(m)).map((index) => index.indexname)).toEqual(["agent_memories_embedding_local_hash_256"]);
  });

  it("creates a partial HNSW expression index for a new model once, even when asked concurrently", async () => {
    const results = await Promise.all([1, 2, 3].map(() => ensureEmbeddingIndex(m.db.pool, NEW_MODEL, NEW_DIMS)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.name))).toEqual(new Set(["agent_memories_embedding_acme_embed_v2_small_64"]));
    expect(await ensureEmbeddingIndex(m.db.pool, NEW_MODEL, NEW_DIMS)).toEqual({ name: "agent_memories_embedding_acme_embed_v2_small_64", created: false });
    const created = (await indexesOn(m)).find((index) => index.indexname === "agent_memories_embedding_acme_embed_v2_small_64")!;
    expect(created.indexdef).toContain(`USING hnsw (((embedding)::vector(${NEW_DIMS})) vector_cosine_ops)`);
    expect(created.indexdef).toContain(`WHERE ((embedding_model = '${NEW_MODEL}'::text) AND (vector_dims(embedding) = ${NEW_DIMS}))`);
    expect(await indexesOn(m)).toHaveLength(2);
  });

  it("gives the same model at another dimension (text-embedding-3 shortened) its own index", async () => {
    expect(await ensureEmbeddingIndex(m.db.pool, NEW_MODEL, 32, { m: 8, efConstruction: 32 })).toEqual({ name: "agent_memories_embedding_acme_embed_v2_small_32", created: true });
    expect(await indexesOn(m)).toHaveLength(3);
  });

  it("is used by the vector query and by retrieval once the table holds that model's vectors", async () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      agentId: "a",
      memoryType: "observation" as const,
      content: `m ${i}`,
      gameTime: i,
      embedding: { model: NEW_MODEL, dimensions: NEW_DIMS, vector: unitVector(rng, NEW_DIMS) },
    }));
    await insertMemories(m.db.pool, rows);
    await m.db.pool.query("ANALYZE agent_memories");
    const query = unitVector(rng, NEW_DIMS);
    const { rows: plan } = await m.db.pool.query(
      `EXPLAIN SELECT id FROM agent_memories WHERE agent_id = $1 AND embedding_model = $2 AND vector_dims(embedding) = ${NEW_DIMS}
       ORDER BY (embedding::vector(${NEW_DIMS})) <=> $3::vector(${NEW_DIMS}) LIMIT 10`,
      ["a", NEW_MODEL, toVectorLiteral(query)],
    );
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("Index Scan using agent_memories_embedding_acme_embed_v2_small_64");

    const retrieved = await retrieveMemories(m.db.pool, {
      agentId: "a",
      queryEmbedding: query,
      model: NEW_MODEL,
      nowGameTime: 2000,
      weights: { ...DEFAULT_RETRIEVAL_WEIGHTS },
      decay: DEFAULT_RECENCY_DECAY,
    });
    expect(retrieved).toHaveLength(10);
    expect(retrieved.every((row) => row.embeddingModel === NEW_MODEL && row.similarity !== null)).toBe(true);
  });

  it("refuses model names that could break out of the DDL literal, and sizes HNSW cannot index", async () => {
    await expect(ensureEmbeddingIndex(m.db.pool, "x') ; DROP TABLE agent_memories; --", 8)).rejects.toThrow(MemoryInputError);
    await expect(ensureEmbeddingIndex(m.db.pool, "text-embedding-3-large", 3072)).rejects.toThrow(/dimensions must be a whole number from 1 to 2000 \(got 3072\)/);
    await expect(ensureEmbeddingIndex(m.db.pool, "ok-model", 8, { m: 16, efConstruction: 16 })).rejects.toThrow(/ef_construction \(16\) must be at least 2 \* m \(32\)/);
    expect(await indexesOn(m)).toHaveLength(3);
  });
});
