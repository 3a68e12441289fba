import pino from "pino";
import type { ChatLine } from "../../agents/conversation/social-context.ts";
import { createWorldEngine, type WorldEngineOptions } from "../../agents/create-world-engine.ts";
import type { AgentEngine } from "../../agents/engine/agent-engine.ts";
import type { AgentLiveView } from "../../agents/engine/flow-context.ts";
import type { Database } from "../../db/client.ts";
import { ConversationSettingsSchema, DEFAULT_CONTENT_POLICY } from "../../src/content/social-settings.ts";
import type { EmbeddingProvider, LlmProvider } from "../../src/llm/task.ts";

/** Mara and Otto, friends of the small test world, standing side by side in the square. */
export interface EngineOnDatabase {
  engine: AgentEngine;
  /** The agents' bodies as the engine reads them (change them to move the world). */
  bodies: Map<string, AgentLiveView>;
  /** Every line the engine had spoken. */
  chat: ChatLine[];
  /** Game seconds since day 1, 00:00. */
  now: number;
  /** Lets game time pass a minute at a time, finishing whatever thinking each minute starts. */
  pass(minutes: number): Promise<void>;
}

/**
 * The agent engine of world "meadow" (agents mara and otto, loaded already) on a test database, stepped by
 * hand: no room and no world simulation, the engine's bodies and clock held here.
 */
export async function engineOnDatabase(
  db: Database,
  options: { llm: LlmProvider; embedder: EmbeddingProvider; retrieval: WorldEngineOptions["retrieval"]; settings?: WorldEngineOptions["settings"]; characterOf?: (sessionId: string) => string | undefined },
): Promise<EngineOnDatabase> {
  const bodies = new Map<string, AgentLiveView>();
  for (const [index, id] of ["mara", "otto"].entries()) {
    bodies.set(id, { x: 12 + index, y: 8, name: id[0]!.toUpperCase() + id.slice(1), activity: "work", location: "square", mood: "calm", energy: 80, talkingWith: null, generation: 0 });
  }
  const chat: ChatLine[] = [];
  const state = { now: 9 * 3600 };
  const { engine } = await createWorldEngine({
    pool: db.pool,
    worldId: "meadow",
    locations: ["bakery", "square"],
    retrieval: options.retrieval,
    llm: options.llm,
    embedder: options.embedder,
    concurrency: 2,
    tokensPerAgentPerGameHour: 1_000_000,
    replyBudget: { perRealMinute: 100, perGameHour: 100 },
    settings: options.settings,
    gameTime: () => state.now,
    agent: (id) => bodies.get(id),
    record: () => {},
    log: pino({ level: "silent" }),
    conversations: ConversationSettingsSchema.parse({ npcChattiness: 10, npcTurnCap: 4, npcTurnGapSeconds: 10 }),
    contentPolicy: DEFAULT_CONTENT_POLICY,
    player: () => ({ x: 13, y: 9 }),
    characterOf: options.characterOf ?? (() => undefined),
    chat: (line) => void chat.push(line),
  });
  return {
    engine,
    bodies,
    chat,
    get now() {
      return state.now;
    },
    set now(value: number) {
      state.now = value;
    },
    async pass(minutes) {
      for (let minute = 0; minute < minutes; minute++) {
        state.now += 60;
        engine.handle([]);
        await engine.settle();
      }
    },
  };
}
