import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentProfile } from "../../agents/cognition/profile.ts";
import { DEFAULT_ENGINE_SETTINGS, type FlowContext } from "../../agents/engine/flow-context.ts";
import { ImportanceCache, observationKind, rateAndStore } from "../../agents/engine/memory-flow.ts";
import { newMind } from "../../agents/engine/mind.ts";
import { Thinker } from "../../agents/engine/thinker.ts";
import { JobScheduler } from "../../agents/job-scheduler.ts";
import { PostgresMemory } from "../../agents/memory/postgres-memory.ts";
import type { Database } from "../../db/client.ts";
import { createCountingProvider } from "../../src/llm/counting-provider.ts";
import { createHashingEmbedder } from "../../src/llm/hashing-embedder.ts";
import { backend, migratedTestDatabase, type MigratedTestDatabase } from "../support/database.ts";
import { RelationshipLedger } from "../../agents/conversation/relationship-ledger.ts";

const profile: AgentProfile = {
  id: "rosa",
  name: "Rosa",
  role: "baker",
  constitution: "You are Rosa, the baker.",
  personalityTraits: ["warm"],
  likes: ["bread"],
  dislikes: [],
  primaryGoal: "Bake the best bread",
  secondaryGoals: [],
  background: null,
  routine: [],
  relationships: {},
};

describe(`importance ratings (${backend})`, () => {
  let migrated: MigratedTestDatabase;
  let db: Database;

  beforeAll(async () => {
    migrated = await migratedTestDatabase();
    db = migrated.db;
    await db.pool.query(`INSERT INTO worlds (id, name, definition, definition_hash) VALUES ('w', 'W', '{}', 'h')`);
    await db.pool.query(`INSERT INTO agents (id, world_id, name, definition, definition_hash) VALUES ('rosa', 'w', 'Rosa', '{}', 'h')`);
  });
  afterAll(async () => {
    await migrated?.dispose();
  });

  it("rates several new memories in one call, and never pays twice for the same kind of observation", async () => {
    const purposes: string[] = [];
    const scheduler = new JobScheduler({ concurrency: 2, tokensPerAgentPerGameHour: 100_000, gameHour: () => 10 });
    const ctx: FlowContext = {
      thinker: new Thinker(createCountingProvider({ model: "gpt-4o-mini" }), scheduler, ({ purpose }) => purposes.push(purpose), () => 36_000, "w"),
      memory: new PostgresMemory(db.pool, createHashingEmbedder(), { weights: { recency: 1, importance: 1, emotion: 1, relevance: 1 }, decay: 0.995 }),
      store: { closestAndStrained: async () => [], saveDayPlan: async () => {}, saveReflection: async () => {}, saveMetacognition: async () => {} },
      locations: [],
      settings: DEFAULT_ENGINE_SETTINGS,
      log: { warn: () => {}, debug: () => {} },
      gameTime: () => 36_000,
      agent: () => undefined,
      characterOf: () => undefined,
      relationships: new RelationshipLedger({ saveRelationship: async () => {}, saveDrift: async () => {} }),
      emit: () => {},
    };
    const cache = new ImportanceCache();
    const mind = newMind(profile);
    const observe = (subject: string, activity: string, gameTime: number) => {
      const text = `${subject} is nearby, ${activity}`;
      mind.unrated.push({ memory: { agentId: "rosa", type: "observation", content: text, importance: 0, gameTime }, kind: observationKind(text, subject) });
    };
    observe("Marcus", "organizing inventory", 36_000);
    observe("Elara", "working at the anvil", 36_000);
    observe("Tess", "buying bread", 36_000);
    await rateAndStore(ctx, cache, mind);
    expect(purposes).toEqual(["importance"]);

    // The same kinds with other people, an hour later: rated from the cache, no call.
    observe("Greta", "organizing inventory", 39_600);
    observe("Finn", "buying bread", 39_600);
    await rateAndStore(ctx, cache, mind);
    expect(purposes).toEqual(["importance"]);

    const stored = await db.pool.query<{ content: string; importance_score: number }>("SELECT content, importance_score FROM agent_memories WHERE agent_id = 'rosa' ORDER BY id");
    expect(stored.rows.map((row) => row.content)).toEqual([
      "Marcus is nearby, organizing inventory",
      "Elara is nearby, working at the anvil",
      "Tess is nearby, buying bread",
      "Greta is nearby, organizing inventory",
      "Finn is nearby, buying bread",
    ]);
    const rating = new Map(stored.rows.map((row) => [row.content, row.importance_score]));
    expect(rating.get("Finn is nearby, buying bread")).toBe(rating.get("Tess is nearby, buying bread"));
    // Bread is one of Rosa's likes: worth more to her than a neighbour sorting shelves.
    expect(rating.get("Tess is nearby, buying bread")!).toBeGreaterThan(rating.get("Marcus is nearby, organizing inventory")!);
    expect(mind.importanceSinceReflection).toBe(stored.rows.reduce((sum, row) => sum + row.importance_score, 0));
  });
});
