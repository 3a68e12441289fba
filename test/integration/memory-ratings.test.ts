import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentEngine } from "../../agents/engine/agent-engine.ts";
import type { Database } from "../../db/client.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { createHashingEmbedder } from "../../src/llm/hashing-embedder.ts";
import { createOpenAiProvider } from "../../src/llm/openai-provider.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { engineOnDatabase } from "../support/engine-on-database.ts";
import { backend, migratedTestDatabase, type MigratedTestDatabase } from "../support/database.ts";
import { answer, startFakeOpenAiServer, streamed, type FakeOpenAiServer, type RecordedRequest } from "../support/fake-openai-server.ts";
import { modelAnswerFor } from "../support/model-answers.ts";

// The model's rating in this test: unlike any the rules give, and unlike the constants memories used to get.
const MODEL_IMPORTANCE = 2;
const MODEL_EMOTION = 0.65;

const schemaOf = (request: RecordedRequest): string | undefined => request.body?.response_format?.json_schema?.name;
const ratedIn = (request: RecordedRequest): number => [...String(request.body.messages.at(-1).content).matchAll(/^\[\d+\]/gm)].length;

function modelAnswer(request: RecordedRequest) {
  if (request.body?.stream) return streamed(["Oh no, ", "the mill (model)."]);
  if (schemaOf(request) !== "importance_ratings") return answer(modelAnswerFor(request));
  return answer({ ratings: Array.from({ length: ratedIn(request) }, (_, index) => ({ index, importance: MODEL_IMPORTANCE, emotion: MODEL_EMOTION })) });
}

describe(`every memory is rated, by the model in batches (${backend})`, () => {
  let migrated: MigratedTestDatabase;
  let db: Database;
  let fake: FakeOpenAiServer;
  let engine: AgentEngine;
  let world: Awaited<ReturnType<typeof makeWorldsDir>>;
  let pass: (minutes: number) => Promise<void>;

  beforeAll(async () => {
    migrated = await migratedTestDatabase();
    db = migrated.db;
    const friends = (other: string) => ({ [other]: { relationship_type: "friend", affection_score: 40, trust_level: 70 } });
    world = await makeWorldsDir(smallWorld, {
      "mara.json": agent("mara", { relationships: friends("otto"), schedule: { "0:00": { activity: "sweep the square", location: "square" } } }),
      "otto.json": agent("otto", { relationships: friends("mara"), schedule: { "0:00": { activity: "sell bread", location: "square" } } }),
    });
    await loadContent(db.pool, { paths: [world.agentsDir], worldsDir: world.worldsDir, defaultWorldId: "meadow", actor: "test" });
    fake = await startFakeOpenAiServer();
    fake.script(...Array.from({ length: 500 }, () => modelAnswer));
    ({ engine, pass } = await engineOnDatabase(db, {
      llm: createOpenAiProvider({ apiKey: "sk-test-not-a-real-key", baseURL: fake.baseURL, model: "gpt-4o-mini" }),
      embedder: createHashingEmbedder(),
      retrieval: { weights: { recency: 1, importance: 1, emotion: 1, relevance: 1 }, decay: 0.995 },
      // Low enough that the first hour's memories call for a reflection.
      settings: { reflectionThreshold: 12 },
    }));
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await migrated?.dispose();
    await world?.cleanup();
  });

  it("rates a player's line, a told fact, a conversation's summary and an insight, stores feelings as feelings, and asks the model in batches", async () => {
    await pass(1);
    await engine.playerSaid({ characterId: "char-ann", sessionId: "session-ann", name: "Ann" }, "mara", "There was a fire at the mill last night!");
    // Stored before the reply, with the rules' rating: a fire matters.
    const line = await db.pool.query("SELECT importance_score, emotional_relevance FROM agent_memories WHERE agent_id = 'mara' AND content LIKE 'Ann said to me:%'");
    expect(line.rows).toEqual([{ importance_score: 9, emotional_relevance: 0.8 }]);

    await engine.seedFact("otto", "fact:fair", "The fair opens on Sunday.");
    engine.npcs.met("otto", "mara");
    await pass(3);
    // An hour on, everything still waiting for the model's rating has had it.
    await pass(65);

    const { rows } = await db.pool.query<{ agent_id: string; memory_type: string; content: string; importance_score: number; emotional_relevance: number }>(
      "SELECT agent_id, memory_type, content, importance_score, emotional_relevance FROM agent_memories WHERE source = 'runtime' ORDER BY id",
    );
    const find = (agentId: string, type: string, pattern: RegExp) => rows.find((row) => row.agent_id === agentId && row.memory_type === type && pattern.test(row.content));
    const rated = {
      "player line": find("mara", "conversation", /^Ann said to me:/),
      "told fact": find("mara", "conversation", /^Otto told me: The fair opens on Sunday\./),
      summary: find("mara", "conversation", /We talked about the weather \(model\)/),
      feeling: find("mara", "feeling", /^My feelings toward Otto grew warmer/),
      insight: rows.find((row) => row.memory_type === "reflection"),
    };
    for (const [what, memory] of Object.entries(rated)) {
      expect(memory, what).toBeDefined();
      // A feeling's emotional weight is how far the bond moved (here the most one conversation can): the model rates its importance only.
      const emotion = what === "feeling" ? 1 : MODEL_EMOTION;
      expect({ what, importance: memory!.importance_score, emotion: memory!.emotional_relevance }).toEqual({ what, importance: MODEL_IMPORTANCE, emotion });
    }

    // Feelings are not reflections: every reflection memory is an insight with its agent_reflections row.
    const counts = await db.pool.query<{ reflections: number; withoutInsight: number; feelings: number }>(
      `SELECT count(*) FILTER (WHERE memory_type = 'reflection')::int AS reflections,
              count(*) FILTER (WHERE memory_type = 'reflection' AND NOT EXISTS (SELECT 1 FROM agent_reflections r WHERE r.memory_id = m.id))::int AS "withoutInsight",
              count(*) FILTER (WHERE memory_type = 'feeling')::int AS feelings
       FROM agent_memories m`,
    );
    expect(counts.rows[0]).toEqual({ reflections: expect.any(Number), withoutInsight: 0, feelings: 2 });
    expect(counts.rows[0]!.reflections).toBeGreaterThan(0);

    // Batched: fewer rating calls than memories rated, several memories in one call.
    const ratings = fake.chatRequests().filter((request) => schemaOf(request) === "importance_ratings");
    const modelRated = rows.filter((row) => row.importance_score === MODEL_IMPORTANCE).length;
    expect(ratings.length).toBeGreaterThan(0);
    expect(ratings.length).toBeLessThan(modelRated);
    expect(Math.max(...ratings.map(ratedIn))).toBeGreaterThan(1);
  }, 120_000);
});
