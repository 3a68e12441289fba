import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresMemory } from "../../../agents/memory/postgres-memory.ts";
import type { Database } from "../../../db/client.ts";
import { createHashingEmbedder, WORD_HASHING, WORD_HASHING_256 } from "../../../src/llm/hashing-embedder.ts";
import { createOpenAiEmbedder } from "../../../src/llm/openai-embedder.ts";
import { backend } from "../../support/database.ts";
import { serverError, startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fake-openai-server.ts";
import { openMemoryDatabase, type MemoryTestDatabase } from "./memory-fixtures.ts";

const RETRIEVAL = { weights: { recency: 0.5, importance: 1, emotion: 0.5, relevance: 4 }, decay: 0.995 };
const MEMORIES = ["The ferry to Millbrook leaves at dawn", "Nell mended the fence by the mill", "The harvest festival is on Saturday", "Wolves were heard near the pasture", "The well behind the chapel is dry"];

const models = async (db: Database) =>
  (await db.pool.query<{ embedding_model: string; n: number }>("SELECT embedding_model, count(*)::int AS n FROM agent_memories GROUP BY 1 ORDER BY 1")).rows;

describe(`memories stored by another embedding model (${backend})`, () => {
  let memoryDb: MemoryTestDatabase;
  let db: Database;
  let fake: FakeOpenAiServer;

  beforeAll(async () => {
    memoryDb = await openMemoryDatabase(["ann"]);
    db = memoryDb.db;
    fake = await startFakeOpenAiServer({ embeddingDimensions: 16 });
  });
  afterAll(async () => {
    await fake?.close();
    await memoryDb?.close();
  });

  it("are re-embedded by the configured model a batch at a time, once, and then recalled by what they say", async () => {
    const before = new PostgresMemory(db.pool, createHashingEmbedder(WORD_HASHING_256), RETRIEVAL);
    await before.write(MEMORIES.map((content, index) => ({ agentId: "ann", type: "observation" as const, content, importance: 3, gameTime: 100 + index })));
    expect(await models(db)).toEqual([{ embedding_model: "local-hash-256", n: 5 }]);

    const after = new PostgresMemory(db.pool, createHashingEmbedder(WORD_HASHING), RETRIEVAL);
    // Stored by the other model, the ferry is as unrelated to the question as everything else.
    expect((await after.rank("ann", "When does the ferry to Millbrook go?", 200, 5)).every((memory) => memory.components.relevance === 0.5)).toBe(true);

    expect(await after.reembedOthers(2)).toBe(2);
    expect(await models(db)).toEqual([{ embedding_model: "local-hash-1024", n: 2 }, { embedding_model: "local-hash-256", n: 3 }]);
    expect(await after.reembedOthers(2)).toBe(2);
    expect(await after.reembedOthers(2)).toBe(1);
    expect(await models(db)).toEqual([{ embedding_model: "local-hash-1024", n: 5 }]);
    const [first] = await after.rank("ann", "When does the ferry to Millbrook go?", 200, 5);
    expect(first!.content).toBe("The ferry to Millbrook leaves at dawn");

    // The pass is over: a row another process stores with the old model is left to that process.
    await before.write([{ agentId: "ann", type: "observation", content: "The bakery sells rye on Mondays", importance: 3, gameTime: 300 }]);
    expect(await after.reembedOthers(2)).toBe(0);
    expect(await models(db)).toEqual([{ embedding_model: "local-hash-1024", n: 5 }, { embedding_model: "local-hash-256", n: 1 }]);
  });

  it("keep their vectors while the embedder is down, and are re-embedded when it is back", async () => {
    const openAi = new PostgresMemory(db.pool, createOpenAiEmbedder({ apiKey: "test-key", baseURL: fake.baseURL, model: "fake-embed", dimensions: 16, maxAttempts: 1 }), RETRIEVAL);
    fake.scriptEmbeddings(serverError(500));
    expect(await openAi.reembedOthers(100)).toBe(0);
    expect(await models(db)).toEqual([{ embedding_model: "local-hash-1024", n: 5 }, { embedding_model: "local-hash-256", n: 1 }]);
    expect(await openAi.reembedOthers(100)).toBe(6);
    expect(await models(db)).toEqual([{ embedding_model: "fake-embed", n: 6 }]);
  });
});
