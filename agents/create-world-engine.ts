import type pg from "pg";
import { listAgentProfiles } from "../db/repositories/agent-profile-repository.ts";
import { closeAbandonedConversations, closeConversation, insertLine, openConversation, pastSummaries, touchConversation } from "../db/repositories/conversation-repository.ts";
import { closestAndStrained, saveDrift, saveRelationship, worldRelationships } from "../db/repositories/relationship-repository.ts";
import { factsInMemories, insertMentions, insertViolation } from "../db/repositories/social-trail-repository.ts";
import type { ContentPolicy, ConversationSettings } from "../src/content/social-settings.ts";
import type { ChatLine, SocialStore } from "./conversation/social-context.ts";
import type { ReplyBudgetOptions } from "./conversation/reply-budget.ts";
import { saveDayPlan, saveMetacognition, saveReflection } from "../db/repositories/cognition-repository.ts";
import type { Logger } from "../src/log.ts";
import type { EmbeddingProvider, LlmProvider } from "../src/llm/task.ts";
import type { AgentEngine } from "./engine/agent-engine.ts";
import { engineFromPorts, type EnginePorts } from "./engine-from-ports.ts";
import { loadMinds } from "../db/repositories/mind-repository.ts";
import type { AgentLiveView, Ablation, EngineSettings } from "./engine/flow-context.ts";
import type { CallRecorder, MemoryPort } from "./engine/ports.ts";
import { Thinker } from "./engine/thinker.ts";
import { JobScheduler } from "./job-scheduler.ts";
import type { ModelCallScheduler } from "./model-call-scheduler.ts";
import { PostgresMemory } from "./memory/postgres-memory.ts";
import { gameHourOf } from "../src/shared-kernel/game-time.ts";

/**
 * Where the world's model calls queue: the process-wide scheduler every world shares (the game server),
 * or, for a world alone in its process (the simulator, tests), a scheduler of its own with `concurrency` calls in flight.
 */
export type SchedulerSource = { calls: ModelCallScheduler } | { concurrency: number };

export type WorldEngineOptions = WorldEngineParts & SchedulerSource;

interface WorldEngineParts {
  pool: pg.Pool;
  worldId: string;
  locations: readonly string[];
  /** The world's memory retrieval tuning (world.json "retrieval"). */
  retrieval: { weights: { recency: number; importance: number; emotion: number; relevance: number }; decay: number };
  llm: LlmProvider;
  embedder: EmbeddingProvider;
  /** True when embedding is a model call (not the offline embedder): it then waits while the world is idle, as thinking does. */
  embeddingIsModelCall?: boolean;
  tokensPerAgentPerGameHour: number;
  /** Model replies each player may get; replies are exempt from the token budget. */
  replyBudget: ReplyBudgetOptions;
  settings?: Partial<EngineSettings>;
  gameTime: () => number;
  agent: (agentId: string) => AgentLiveView | undefined;
  record: CallRecorder;
  log: Logger;
  conversations: ConversationSettings;
  contentPolicy: ContentPolicy;
  /** The character a player's session plays, for the agents' feelings toward them. */
  characterOf: (sessionId: string) => string | undefined;
  /** Where players' positions are read (by session id), for agents who follow them. */
  player: (sessionId: string) => { x: number; y: number } | undefined;
  /** Lines for players to see (the room sends them). */
  chat: (line: ChatLine) => void;
  /** An NPC line the content policy replaced (for metrics). */
  violated?: (rule: string) => void;
  /** A part of the architecture switched off (evaluation runs only). */
  ablate?: Ablation;
}

/** Puts together one world's agent engine from the database, the providers and the world's clock. */
export async function createWorldEngine(options: WorldEngineOptions): Promise<{ engine: AgentEngine; scheduler: JobScheduler; memory: PostgresMemory }> {
  const scheduler = new JobScheduler({
    ...("calls" in options ? { calls: options.calls } : { concurrency: options.concurrency }),
    tokensPerAgentPerGameHour: options.tokensPerAgentPerGameHour,
    gameHour: () => gameHourOf(options.gameTime()),
  });
  const { pool } = options;
  const embedsNow = options.embeddingIsModelCall ? () => !scheduler.isIdle : undefined;
  const memory = new PostgresMemory(pool, options.embedder, { ...ablatedRetrieval(options.retrieval, options.ablate), embedsNow, log: options.log });
  const thinker = new Thinker(options.llm, scheduler, options.record, options.gameTime, options.worldId);
  const engine = engineFromPorts(await portsOnDatabase(pool, options.worldId, memory), { ...options, thinker });
  return { engine, scheduler, memory };
}

/** The engine's ports on the world's pool, loaded as the engine starts. */
async function portsOnDatabase(pool: pg.Pool, worldId: string, memory: MemoryPort): Promise<EnginePorts> {
  const profiles = await listAgentProfiles(pool, worldId);
  const savedMinds = await loadMinds(pool, worldId);
  // Nobody is still in a conversation the previous run left open.
  await closeAbandonedConversations(pool, worldId);
  return {
    profiles,
    savedMinds,
    memory,
    cognition: {
      closestAndStrained: (agentId, limit) => closestAndStrained(pool, agentId, limit),
      saveDayPlan: (agentId, day, strokes, blocks) => saveDayPlan(pool, agentId, day, strokes, blocks),
      saveReflection: (agentId, reflection) => saveReflection(pool, agentId, reflection),
      saveMetacognition: (agentId, review) => saveMetacognition(pool, agentId, review),
    },
    social: socialStore(pool),
    facts: await factsInMemories(pool, worldId),
    relationships: {
      store: { saveRelationship: (key, relationship, gameTime) => saveRelationship(pool, key, relationship, gameTime), saveDrift: (drifted) => saveDrift(pool, drifted) },
      loaded: await worldRelationships(pool, worldId),
    },
  };
}

/** Relevance ablated: retrieval ranks by recency, importance and emotion alone. */
function ablatedRetrieval(retrieval: WorldEngineOptions["retrieval"], ablate: Ablation | undefined): WorldEngineOptions["retrieval"] {
  return ablate === "relevance" ? { ...retrieval, weights: { ...retrieval.weights, relevance: 0 } } : retrieval;
}

function socialStore(pool: pg.Pool): SocialStore {
  return {
    openConversation: (conversation) => openConversation(pool, conversation),
    touchConversation: (id, update) => touchConversation(pool, id, update),
    closeConversation: (id, close) => closeConversation(pool, id, close),
    insertLine: (line) => insertLine(pool, line),
    pastSummaries: (agentId, otherId, limit) => pastSummaries(pool, agentId, otherId, limit),
    insertMentions: (mentions) => insertMentions(pool, mentions),
    insertViolation: (violation) => insertViolation(pool, violation),
  };
}
