import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresMemory } from "../../agents/memory/postgres-memory.ts";
import { openDatabase, type Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { findWorld } from "../../db/repositories/world-repository.ts";
import { loadConfig } from "../../src/config.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { createProviders } from "../../src/llm/create-providers.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { runNpmScript } from "../support/run-cli.ts";

const PLANTED = "Bram told me the mill key is hidden under the blue flowerpot by the well.";
const QUESTION = "Where is the mill key hidden?";
/** Loud memories on other topics: each beats the planted fact on importance and emotion. */
const DISTRACTORS = [
  "My sister's wedding was the happiest day of my life.",
  "The fire at the tannery nearly took the whole street.",
  "I lost my temper with the tax collector in front of everyone.",
  "The doctor says my father's cough is getting worse.",
  "I won the spring baking contest with the honey loaf.",
  "Someone broke the bakery window during the night.",
];
/** The world weighs relevance well above the rest, so the CLI's ranking shows it uses the world's weights. */
const WEIGHTS = { recency: 1, importance: 1, emotion: 1, relevance: 20 };

describe(`npm run memory:recall on ${backend}`, () => {
  let testDb: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;
  const openDb = (): Promise<Database> => (testDb.url ? testDb.open() : openDatabase({ dataDir }));
  const accessed = async () => {
    const db = await openDb();
    try {
      return (await db.pool.query("SELECT id, access_count, last_accessed_game_time FROM agent_memories ORDER BY id")).rows;
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-recall-data-"));
    worlds = await makeWorldsDir({ ...smallWorld, retrieval: { weights: WEIGHTS, decay: 0.995 } }, { "anna.json": agent("anna") });
    env = { DATA_DIR: dataDir, WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: "meadow", ...(testDb.url ? { DATABASE_URL: testDb.url } : {}) };
    const config = loadConfig({ ...process.env, ...env });
    const db = await openDb();
    try {
      await migrate(db.pool);
      await loadContent(db.pool, { paths: [worlds.agentsDir], worldsDir: config.worldsDir, defaultWorldId: "meadow", dryRun: false, maxFileBytes: config.CONTENT_MAX_FILE_BYTES, actor: "test" });
      const now = (await findWorld(db.pool, "meadow"))!.gameTime;
      // Written as the engine writes them: embedded by the embedder the CLI builds from the same settings.
      const memory = new PostgresMemory(db.pool, createProviders(config).embedder, { weights: WEIGHTS, decay: 0.995 });
      await memory.write([
        ...DISTRACTORS.map((content, index) => ({ agentId: "anna", type: "observation" as const, content, importance: 9, emotionalRelevance: 0.9, gameTime: now - 600 + index })),
        { agentId: "anna", type: "observation", content: PLANTED, importance: 2, emotionalRelevance: 0, gameTime: now - 3600 },
      ]);
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    await testDb?.dispose();
    await worlds?.cleanup();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("--json lists the planted fact first for a question sharing its words, with every component, and marks nothing recalled", async () => {
    const before = await accessed();
    const result = await runNpmScript("memory:recall", ["--agent", "anna", "--query", QUESTION, "--k", "3", "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ agent: "anna", query: QUESTION });
    expect(answer.memories).toHaveLength(3);
    expect(answer.memories[0]).toMatchObject({ content: PLANTED, type: "observation" });
    for (const memory of answer.memories) {
      expect(Object.keys(memory).sort()).toEqual(["components", "content", "id", "score", "type"]);
      const { recency, importance, emotion, relevance } = memory.components;
      for (const value of [recency, importance, emotion, relevance]) expect(value).toBeTypeOf("number");
      // Scored with the world's weights, not the defaults.
      expect(memory.score).toBeCloseTo(WEIGHTS.recency * recency + WEIGHTS.importance * importance + WEIGHTS.emotion * emotion + WEIGHTS.relevance * relevance, 6);
    }
    const scores = answer.memories.map((memory: { score: number }) => memory.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await accessed()).toEqual(before);
  });

  it("prints a readable ranking with each component's score", async () => {
    const result = await runNpmScript("memory:recall", ["--agent", "anna", "--query", QUESTION, "--k", "2"], env);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe(`anna recalls for "${QUESTION}":`);
    expect(lines[1]).toMatch(/^ {2}1\. score \d+\.\d{3} {2}\[observation\] Bram told me the mill key/);
    expect(lines[2]).toMatch(/recency \d\.\d{3} {2}importance 0\.000 {2}emotion 0\.000 {2}relevance \d\.\d{3} {2}\(memory \d+\)/);
    expect(lines[3]).toMatch(/^ {2}2\. score/);
    expect(lines).toHaveLength(5);
  });

  it("says clearly which agent it does not know", async () => {
    const unknownAgent = await runNpmScript("memory:recall", ["--agent", "nobody", "--query", QUESTION], env);
    expect(unknownAgent.code).toBe(1);
    expect(unknownAgent.stderr).toContain('no agent "nobody" in world "meadow"');
  });

  it("says clearly which world it does not know", async () => {
    const unknownWorld = await runNpmScript("memory:recall", ["--agent", "anna", "--query", QUESTION, "--world", "atlantis"], env);
    expect(unknownWorld.code).toBe(1);
    expect(unknownWorld.stderr).toContain('no world "atlantis"');
  });

  it("explains its usage when the query is missing", async () => {
    const noQuery = await runNpmScript("memory:recall", ["--agent", "anna"], env);
    expect(noQuery.code).toBe(2);
    expect(noQuery.stderr).toMatch(/No --query given[\s\S]*Usage: npm run memory:recall/);
  });

  it("refuses a k out of 1-100 and says so", async () => {
    for (const k of ["0", "101", "ten"]) {
      const badK = await runNpmScript("memory:recall", ["--agent", "anna", "--query", QUESTION, "--k", k], env);
      expect(badK.code, k).toBe(2);
      expect(badK.stderr).toContain("--k must be a whole number from 1 to 100");
    }
  });

  // An embedded data folder of its own, so that this runs whichever backend the suite uses.
  it("refuses the embedded database while another process holds it, and names the route to ask instead", async () => {
    const heldDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-recall-held-"));
    const held = await openDatabase({ dataDir: heldDir });
    try {
      const result = await runNpmScript("memory:recall", ["--agent", "anna", "--query", QUESTION], { WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: "meadow", DATA_DIR: heldDir, DATABASE_URL: "" });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/is in use by process \d+[\s\S]*GET \/api\/worlds\/meadow\/agents\/anna\/recall/);
    } finally {
      await held.close();
      await fs.rm(heldDir, { recursive: true, force: true });
    }
  });
});
