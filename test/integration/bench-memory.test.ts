import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresMemory } from "../../agents/memory/postgres-memory.ts";
import { loadStreams, recall, RETRIEVAL_LIMIT } from "../../bench/memory/measure.ts";
import { generateStream, nowGameTime } from "../../bench/memory/stream.ts";
import { DEFAULT_WORLD_DIR, readTown } from "../../bench/memory/town.ts";
import type { Database } from "../../db/client.ts";
import { createHashingEmbedder } from "../../src/llm/hashing-embedder.ts";
import { backend, migratedTestDatabase, type MigratedTestDatabase } from "../support/database.ts";
import { runNpmScript } from "../support/run-cli.ts";

/** No OpenAI-compatible endpoint: the run stays offline whatever the machine's environment holds. */
const OFFLINE = { OPENAI_API_KEY: "", OPENAI_BASE_URL: "" };

const recallFigures = { questions: expect.any(Number), recallAt3: expect.any(Number), recallAt10: expect.any(Number) };
const distribution = { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number), max: expect.any(Number), mean: expect.any(Number) };

/** The recall benchmark as CI runs it (its figures are for the README, not asserted here). */
describe("npm run bench:memory", () => {
  it("--short --json prints planted-fact recall@3 and @10 per embedder and per kind of question, and the retrieval's latency", async () => {
    const run = await runNpmScript("bench:memory", ["--short", "--json"], OFFLINE);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      benchmark: "memory",
      backend: process.env.DATABASE_URL || process.env.TEST_DATABASE_URL ? "postgres" : "embedded",
      world: "heartwood",
      data: { agents: 2, days: 7, facts: 6, questions: 24 },
      retrieval: { weights: { recency: expect.any(Number), importance: expect.any(Number), emotion: expect.any(Number), relevance: expect.any(Number) }, decay: expect.any(Number), limit: 10 },
    });
    expect(result.data.memoriesPerAgent.min).toBeGreaterThan(300);
    // Every embedder that runs offline, the hashing one first.
    expect(result.embedders.map((embedder: { name: string }) => embedder.name)).toEqual(["local-hash-1024", "wink-sg-100d-hash-1024"]);
    const [hashing, wordVectors] = result.embedders;
    expect(wordVectors).toMatchObject({ ...recallFigures, questions: 24, semantic: true, target: { what: expect.stringContaining("recall@3"), value: 0.9, met: expect.any(Boolean) } });
    expect(hashing).toMatchObject({
      ...recallFigures,
      questions: 24,
      semantic: false,
      kinds: { "shares-word": { ...recallFigures, questions: 12 }, paraphrase: { ...recallFigures, questions: 12 } },
      retrievalMs: distribution,
      queryEmbeddingMs: distribution,
      target: { what: "recall@3 on shares-word questions", value: 0.9, achieved: hashing.kinds["shares-word"].recallAt3, met: expect.any(Boolean) },
    });
    for (const figure of [hashing.recallAt3, hashing.recallAt10, hashing.kinds.paraphrase.recallAt3]) expect(figure).toBeGreaterThanOrEqual(0);
    expect(hashing.recallAt10).toBeGreaterThanOrEqual(hashing.recallAt3);
    expect(hashing.retrievalMs.p95).toBeGreaterThan(0);
  });

  it("refuses an unknown embedder with exit code 2, listing the known names", async () => {
    const run = await runNpmScript("bench:memory", ["--embedder", "word2vec-9000", "--short"], OFFLINE);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--embedder: unknown embedder "word2vec-9000"; known: local-hash-1024, wink-sg-100d-hash-1024, openai, local-hash-256, wink-sg-100d-hash-256');
  });

  it("says what the openai embedder needs when no endpoint is configured", async () => {
    const run = await runNpmScript("bench:memory", ["--embedder", "openai", "--short"], OFFLINE);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--embedder openai: cannot run here: needs OPENAI_API_KEY");
  });
});

/** The benchmark must measure the engine's recall: its retrieval is the one PostgresMemory.retrieve runs. */
describe(`bench:memory asks as the engine does (${backend})`, () => {
  let migrated: MigratedTestDatabase;
  let db: Database;
  beforeAll(async () => {
    migrated = await migratedTestDatabase();
    db = migrated.db;
  });
  afterAll(async () => {
    await migrated?.dispose();
  });

  it("retrieves the same memories in the same order as PostgresMemory.retrieve for the same question", async () => {
    const town = await readTown(DEFAULT_WORLD_DIR);
    const shape = { days: 2, factsPerAgent: 3, seed: 1 };
    const stream = generateStream(town, 0, shape);
    const embedder = createHashingEmbedder();
    await loadStreams(db, town, [stream], embedder, () => undefined);
    const questions = stream.planted.flatMap(({ fact }) => [...fact.sharesWord, ...fact.paraphrase]);
    for (const question of questions) {
      const [embedding] = await embedder.embed([question]);
      const asked = await recall(db, town, embedder, stream.person.id, embedding!, nowGameTime(shape));
      // A fresh engine memory each time: nothing recently recalled to add to the candidates.
      const engine = await new PostgresMemory(db.pool, embedder, town.retrieval).retrieve(stream.person.id, question, nowGameTime(shape), RETRIEVAL_LIMIT);
      expect(asked.map((memory) => String(memory.id)), question).toEqual(engine.map((memory) => memory.id));
    }
  });
});
