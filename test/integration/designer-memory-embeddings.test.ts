import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { serverError, startFakeOpenAiServer, type FakeOpenAiServer } from "../support/fake-openai-server.ts";
import { runNpmScript } from "../support/run-cli.ts";

const MEMORIES = ["The oven broke last week", "Ben fixed the oven with a new hinge", "The harvest festival is on Saturday"];

describe(`designer memories are embedded when agents:load loads them (${backend}, no server running)`, () => {
  let testDb: TestDatabase;
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;
  let env: Record<string, string>;
  let fake: FakeOpenAiServer | undefined;
  let opened: Database | undefined;

  beforeEach(async () => {
    testDb = await createTestDatabase({ persistent: true });
    worlds = await makeWorldsDir(smallWorld, { "anna.json": agent("anna", { memories: MEMORIES }) });
    env = { WORLDS_DIR: worlds.worldsDir, ...(testDb.url ? { DATABASE_URL: testDb.url } : { DATA_DIR: testDb.dataDir! }) };
  });
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
    await fake?.close();
    fake = undefined;
    await testDb?.dispose();
    await worlds?.cleanup();
  });
  /** The designer memories as stored, read once the CLI has exited. */
  async function storedMemories(): Promise<{ content: string; embedding_model: string | null; embedded: boolean }[]> {
    opened = await testDb.open();
    const { rows } = await opened.pool.query(
      "SELECT content, embedding_model, embedding IS NOT NULL AS embedded FROM agent_memories WHERE agent_id = 'anna' AND source = 'designer' ORDER BY content",
    );
    return rows;
  }

  it("embeds them with the configured embedder in the load itself, so agents recall them from the first tick", async () => {
    const result = await runNpmScript("agents:load", [worlds.agentsDir], { ...env, LLM_MODE: "offline" });
    expect(result.code, result.stderr).toBe(0);
    const model = result.stdout.match(/designer memories: 3 embedded with (\S+)/)?.[1];
    expect(model, result.stdout).toBeDefined();
    const memories = await storedMemories();
    expect(memories).toEqual([...MEMORIES].sort().map((content) => ({ content, embedding_model: model, embedded: true })));
  });

  it("still loads when the embedder fails, and says the room embeds them later", async () => {
    fake = await startFakeOpenAiServer({ embeddingDimensions: 16 });
    fake.scriptEmbeddings(...Array.from({ length: 20 }, () => serverError(503)));
    const result = await runNpmScript("agents:load", [worlds.agentsDir], {
      ...env,
      LLM_MODE: "openai",
      OPENAI_API_KEY: "sk-test-not-a-real-key",
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: "fake-embed",
      EMBEDDING_DIMENSIONS: "16",
      LLM_MAX_ATTEMPTS: "1",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/agents 1 created/);
    expect(result.stdout).toMatch(/designer memories: 0 embedded with fake-embed, 3 left without a vector \(.+\); the world's room embeds them when it runs/);
    expect(fake.embeddingRequests().length).toBeGreaterThan(0);
    const memories = await storedMemories();
    expect(memories).toEqual([...MEMORIES].sort().map((content) => ({ content, embedding_model: null, embedded: false })));
  });
});
