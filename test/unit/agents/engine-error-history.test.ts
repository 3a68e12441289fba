import { describe, expect, it } from "vitest";
import { NewsMemories } from "../../../agents/conversation/news-memories.ts";
import { RelationshipLedger } from "../../../agents/conversation/relationship-ledger.ts";
import { AgentEngine } from "../../../agents/engine/agent-engine.ts";
import { DEFAULT_ENGINE_SETTINGS } from "../../../agents/engine/flow-context.ts";
import { Thinker } from "../../../agents/engine/thinker.ts";
import { JobScheduler } from "../../../agents/job-scheduler.ts";
import { DEFAULT_CONTENT_POLICY, DEFAULT_CONVERSATION_SETTINGS } from "../../../src/content/social-settings.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import { profile } from "../conversation/social-world.ts";

/** An engine whose memory cannot be read: every minute the agent tries to plan its day, and fails. */
function engineWithBrokenMemory(clock: { now: number }): AgentEngine {
  const scheduler = new JobScheduler({ concurrency: 1, tokensPerAgentPerGameHour: 1e9, gameHour: () => Math.floor(clock.now / 3600) });
  const quiet = { warn: () => undefined, debug: () => undefined };
  return new AgentEngine(
    {
      thinker: new Thinker(createOfflineProvider(), scheduler, () => undefined, () => clock.now, "w"),
      memory: {
        write: async () => [],
        retrieve: async () => Promise.reject(new Error("memory is down")),
        recent: async () => [],
        trivialBefore: async () => [],
        rate: async () => undefined,
        consolidate: async () => undefined,
      },
      store: { closestAndStrained: async () => [], saveDayPlan: async () => undefined, saveReflection: async () => undefined, saveMetacognition: async () => undefined },
      locations: ["square"],
      settings: DEFAULT_ENGINE_SETTINGS,
      log: quiet,
      gameTime: () => clock.now,
      agent: () => undefined,
      characterOf: () => undefined,
      relationships: new RelationshipLedger({ saveRelationship: async () => undefined, saveDrift: async () => undefined }),
    },
    [profile("mara")],
    {
      worldId: "w",
      store: {
        openConversation: async () => undefined,
        touchConversation: async () => undefined,
        closeConversation: async () => undefined,
        insertLine: async () => ({ id: "1", duplicate: false }),
        pastSummaries: async () => [],
        insertMentions: async () => undefined,
        insertViolation: async () => undefined,
      },
      settings: DEFAULT_CONVERSATION_SETTINGS,
      policy: DEFAULT_CONTENT_POLICY,
      replyBudget: { perRealMinute: 20, perGameHour: 60 },
      body: () => undefined,
      player: () => undefined,
      chat: () => undefined,
      violated: () => undefined,
    },
    new NewsMemories(),
  );
}

describe("agent engine error history", () => {
  it("keeps the latest failures and a count of all, however many there were", async () => {
    const clock = { now: 9 * 3600 };
    const engine = engineWithBrokenMemory(clock);
    for (let minute = 0; minute < 120; minute++) {
      clock.now += 60;
      engine.handle([]);
      await engine.settle();
    }
    expect(engine.errorCount).toBe(120);
    expect(engine.recentErrors).toHaveLength(50);
    expect(engine.recentErrors.every((error) => error.message === "memory is down")).toBe(true);
  });
});
