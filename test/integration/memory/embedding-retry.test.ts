import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresMemory } from "../../../agents/memory/postgres-memory.ts";
import type { Database } from "../../../db/client.ts";
import { createOpenAiEmbedder } from "../../../src/llm/openai-embedder.ts";
import { backend } from "../../support/database.ts";
import { serverError, startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fake-openai-server.ts";
import { openMemoryDatabase, type MemoryTestDatabase } from "./memory-fixtures.ts";

describe(`memories whose embedding failed (${backend})`, () => {
  let memoryDb: MemoryTestDatabase;
  let db: Database;
  let fake: FakeOpenAiServer;
  let memory: PostgresMemory;

  beforeAll(async () => {
    memoryDb = await openMemoryDatabase(["ann"]);
    db = memoryDb.db;
    fake = await startFakeOpenAiServer({ embeddingDimensions: 16 });
    const embedder = createOpenAiEmbedder({ apiKey: "test-key", baseURL: fake.baseURL, model: "fake-embed", dimensions: 16, maxAttempts: 1 });
    memory = new PostgresMemory(db.pool, embedder, { weights: { recency: 1, importance: 1, emotion: 1, relevance: 1 }, decay: 0.995 });
  });
  afterAll(async () => {
    await fake?.close();
    await memoryDb?.close();
  });

  it("are stored without a vector (never a zero vector) and embedded by a later retry", async () => {
    fake.scriptEmbeddings(serverError(500));
    const [stored] = await memory.write([{ agentId: "ann", type: "observation", content: "The mill caught fire", importance: 8, gameTime: 100 }]);
    const before = await db.pool.query("SELECT embedding IS NULL AS missing, embedding_model FROM agent_memories WHERE id = $1", [stored!.id]);
    expect(before.rows[0]).toEqual({ missing: true, embedding_model: null });

    expect(await memory.retryUnembedded(10)).toBe(1);
    const after = await db.pool.query("SELECT embedding_model, vector_dims(embedding) AS dims, (embedding::vector(16) <=> embedding::vector(16)) AS self_distance FROM agent_memories WHERE id = $1", [stored!.id]);
    expect(after.rows[0]).toEqual({ embedding_model: "fake-embed", dims: 16, self_distance: 0 });
    const zero = await db.pool.query("SELECT count(*)::int AS n FROM agent_memories WHERE embedding IS NOT NULL AND vector_norm(embedding) = 0");
    expect(zero.rows[0].n).toBe(0);
  });

  it("are still found by recency and importance while the embedder is down", async () => {
    fake.scriptEmbeddings(serverError(500), serverError(500));
    await memory.write([{ agentId: "ann", type: "observation", content: "Ben repaired the mill wheel", importance: 9, gameTime: 200 }]);
    const found = await memory.retrieve("ann", "what happened at the mill", 300, 5);
    expect(found.map((item) => item.content)).toContain("Ben repaired the mill wheel");
  });
});
