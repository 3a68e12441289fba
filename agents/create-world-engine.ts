import type pg from "pg";
import { listAgentProfiles } from "../db/repositories/agent-profile-repository.ts";
import { closeAbandonedConversations, closeConversation, insertLine, openConversation, pastSummaries, touchConversation } from "../db/repositories/conversation-repository.ts";
import { closestAndStrained, saveDrift, saveRelationship, worldRelationships } from "../db/repositories/relationship-repository.ts";
import { factsInMemories, insertMentions, insertViolation } from "../db/repositories/social-trail-repository.ts";
import type { ContentPolicy, ConversationSettings } from "../src/content/social-settings.ts";
import type { ChatLine, SocialStore } from "./conversation/social-context.ts";
import { NewsMemories } from "./conversation/news-memories.ts";
import { RelationshipLedger } from "./conversation/relationship-ledger.ts";
import type { ReplyBudgetOptions } from "./conversation/reply-budget.ts";
import { saveDayPlan, saveMetacognition, saveReflection } from "../db/repositories/cognition-repository.ts";
import type { Logger } from "../src/log.ts";
import type { EmbeddingProvider, LlmProvider } from "../src/llm/task.ts";
import { AgentEngine } from "./engine/agent-engine.ts";
import { loadMinds } from "../db/repositories/mind-repository.ts";
import { DEFAULT_ENGINE_SETTINGS, type AgentLiveView, type Ablation, type EngineSettings } from "./engine/flow-context.ts";
import type { CallRecorder, MemoryPort } from "./engine/ports.ts";
import { Thinker } from "./engine/thinker.ts";
import { JobScheduler } from "./job-scheduler.ts";
import { PostgresMemory } from "./memory/postgres-memory.ts";
import { gameHourOf } from "../src/shared-kernel/game-time.ts";

export interface WorldEngineOptions {
  pool: pg.Pool;
  worldId: string;
  locations: readonly string[];
  /** The world's memory retrieval tuning (world.json "retrieval"). */
  retrieval: { weights: { recency: number; importance: number; emotion: number; relevance: number }; decay: number };
  llm: LlmProvider;
  embedder: EmbeddingProvider;
  /** True when embedding is a model call (not the offline embedder): it then waits while the world is idle, as thinking does. */
  embeddingIsModelCall?: boolean;
  /** LLM calls in flight at once for this world. */
  concurrency: number;
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
    concurrency: options.concurrency,
    tokensPerAgentPerGameHour: options.tokensPerAgentPerGameHour,
    gameHour: () => gameHourOf(options.gameTime()),
  });
  const profiles = await listAgentProfiles(options.pool, options.worldId);
  const savedMinds = await loadMinds(options.pool, options.worldId);
  const { pool } = options;
  const embedsNow = options.embeddingIsModelCall ? () => !scheduler.isIdle : undefined;
  const memory = new PostgresMemory(pool, options.embedder, { ...ablatedRetrieval(options.retrieval, options.ablate), embedsNow, log: options.log });
  // Nobody is still in a conversation the previous run left open.
  await closeAbandonedConversations(pool, options.worldId);
  const news = new NewsMemories(await factsInMemories(pool, options.worldId));
  const relationships = new RelationshipLedger(
    { saveRelationship: (key, relationship, gameTime) => saveRelationship(pool, key, relationship, gameTime), saveDrift: (drifted) => saveDrift(pool, drifted) },
    await worldRelationships(pool, options.worldId),
  );
  const engine = new AgentEngine(
    {
      thinker: new Thinker(options.llm, scheduler, options.record, options.gameTime, options.worldId),
      memory: options.ablate === "memory" ? withoutRecall(memory) : memory,
      store: {
        closestAndStrained: (agentId, limit) => closestAndStrained(pool, agentId, limit),
        saveDayPlan: (agentId, day, strokes, blocks) => saveDayPlan(pool, agentId, day, strokes, blocks),
        saveReflection: (agentId, reflection) => saveReflection(pool, agentId, reflection),
        saveMetacognition: (agentId, review) => saveMetacognition(pool, agentId, review),
      },
      locations: options.locations,
      settings: { ...DEFAULT_ENGINE_SETTINGS, ...options.settings, ablate: options.ablate ?? null },
      log: options.log,
      gameTime: options.gameTime,
      agent: options.agent,
      characterOf: options.characterOf,
      relationships,
    },
    profiles,
    {
      worldId: options.worldId,
      store: socialStore(pool),
      settings: options.conversations,
      policy: options.contentPolicy,
      replyBudget: options.replyBudget,
      body: options.agent,
      player: options.player,
      chat: options.chat,
      violated: (rule) => options.violated?.(rule),
    },
    news,
  );
  engine.restoreMinds(savedMinds);
  return { engine, scheduler, memory };
}

/** Relevance ablated: retrieval ranks by recency, importance and emotion alone. */
function ablatedRetrieval(retrieval: WorldEngineOptions["retrieval"], ablate: Ablation | undefined): WorldEngineOptions["retrieval"] {
  return ablate === "relevance" ? { ...retrieval, weights: { ...retrieval.weights, relevance: 0 } } : retrieval;
}

/** Memory ablated: memories are still written, but retrieval recalls nothing, so the agent thinks and answers without them. */
function withoutRecall(memory: MemoryPort): MemoryPort {
  return {
    write: (memories) => memory.write(memories),
    retrieve: async () => [],
    recent: (agentId, since, limit) => memory.recent(agentId, since, limit),
    trivialBefore: (agentId, before, maxImportance, limit) => memory.trivialBefore(agentId, before, maxImportance, limit),
    rate: (ratings) => memory.rate(ratings),
    consolidate: (agentId, ids, summary) => memory.consolidate(agentId, ids, summary),
  };
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
