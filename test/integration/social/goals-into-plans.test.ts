import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RelationshipLedger } from "../../../agents/conversation/relationship-ledger.ts";
import { DEFAULT_ENGINE_SETTINGS, type FlowContext } from "../../../agents/engine/flow-context.ts";
import { newMind } from "../../../agents/engine/mind.ts";
import { endTheDay } from "../../../agents/engine/night-flow.ts";
import { planTheDay } from "../../../agents/engine/planning-flow.ts";
import { remember } from "../../../agents/engine/remember.ts";
import { Thinker } from "../../../agents/engine/thinker.ts";
import { JobScheduler } from "../../../agents/job-scheduler.ts";
import { PostgresMemory } from "../../../agents/memory/postgres-memory.ts";
import { saveDayPlan, saveMetacognition, saveReflection } from "../../../db/repositories/cognition-repository.ts";
import { closestAndStrained } from "../../../db/repositories/relationship-repository.ts";
import { createHashingEmbedder } from "../../../src/llm/hashing-embedder.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import type { WorldInput } from "../../../src/world/simulation.ts";
import { backend } from "../../support/database.ts";
import { profile } from "../../unit/conversation/social-world.ts";
import { openMemoryDatabase, type MemoryTestDatabase } from "../memory/memory-fixtures.ts";

const DAY = 86_400;

describe(`nightly goal changes shape the next day's plan (offline mind, ${backend})`, () => {
  let m: MemoryTestDatabase;

  beforeAll(async () => {
    m = await openMemoryDatabase(["lina", "otto"]);
  });
  afterAll(async () => {
    await m?.close();
  });

  it("a day that soured Lina's feelings toward Otto ends with the goal to make peace, and the next day's plan and schedule make time for it", async () => {
    const pool = m.db.pool;
    let now = DAY + 20 * 3600;
    const emitted: WorldInput[] = [];
    const ctx: FlowContext = {
      thinker: new Thinker(createOfflineProvider(), new JobScheduler({ concurrency: 2, tokensPerAgentPerGameHour: 1e9, gameHour: () => Math.floor(now / 3600) }), () => undefined, () => now, "w"),
      memory: new PostgresMemory(pool, createHashingEmbedder(), { weights: { recency: 0.5, importance: 1, emotion: 0.5, relevance: 4 }, decay: 0.995 }),
      store: {
        closestAndStrained: (agentId, limit) => closestAndStrained(pool, agentId, limit),
        saveDayPlan: (agentId, day, strokes, blocks) => saveDayPlan(pool, agentId, day, strokes, blocks),
        saveReflection: (agentId, reflection) => saveReflection(pool, agentId, reflection),
        saveMetacognition: (agentId, review) => saveMetacognition(pool, agentId, review),
      },
      locations: ["square", "bakery"],
      settings: DEFAULT_ENGINE_SETTINGS,
      log: { warn: () => {}, debug: () => {} },
      gameTime: () => now,
      agent: () => ({ x: 0, y: 0, name: "Lina", activity: "tend the flower stall", location: "square", mood: "calm", energy: 80, talkingWith: null, generation: 1 }),
      characterOf: () => undefined,
      relationships: new RelationshipLedger({ saveRelationship: async () => {}, saveDrift: async () => {} }),
      emit: (input) => void emitted.push(input),
    };
    const lina = newMind(profile("lina", { name: "Lina", routine: [{ startMinute: 8 * 60, activity: "tend the flower stall", location: "square" }, { startMinute: 21 * 60, activity: "sleep", location: null }] }));
    await remember(ctx.memory, lina, [
      { agentId: "lina", type: "conversation", content: "I talked with Otto, who said \"Your flowers are wilting.\"", relatedAgents: ["otto"], gameTime: now - 3600 },
      { agentId: "lina", type: "feeling", content: "My feelings toward Otto cooled: Otto was rude to me.", relatedAgents: ["otto"], gameTime: now - 3600 },
    ]);

    await endTheDay(ctx, lina, 2);
    const review = await pool.query<{ goal_modifications: string[] }>("SELECT goal_modifications FROM agent_metacognition WHERE agent_id = 'lina'");
    expect(review.rows.map((row) => row.goal_modifications)).toEqual([["make peace with Otto"]]);

    now = 2 * DAY + 6 * 3600;
    await planTheDay(ctx, lina, 3, []);
    const plan = await pool.query<{ plan_steps: { strokes: string[] } }>("SELECT plan_steps FROM agent_plans WHERE agent_id = 'lina' AND plan_day = 3");
    expect(plan.rows[0]!.plan_steps.strokes).toContain("16:30 make peace with Otto");
    const schedule = emitted.filter((input) => input.type === "agent_schedule").at(-1);
    expect(schedule).toMatchObject({ schedule: expect.arrayContaining([{ startMinute: 16 * 60 + 30, activity: "make peace with Otto", location: null }, { startMinute: 17 * 60, activity: "tend the flower stall", location: "square" }]) });
  });
});
