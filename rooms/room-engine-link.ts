import type pg from "pg";
import { createWorldEngine } from "../agents/create-world-engine.ts";
import type { AgentEngine } from "../agents/engine/agent-engine.ts";
import type { JobScheduler } from "../agents/job-scheduler.ts";
import type { ModelCallScheduler } from "../agents/model-call-scheduler.ts";
import type { PostgresMemory } from "../agents/memory/postgres-memory.ts";
import { LlmCallWriter } from "../db/llm-call-writer.ts";
import type { WorldDefinition } from "../src/content/world-definition.ts";
import type { Metrics } from "../src/shared-kernel/metrics.ts";
import type { EmbeddingProvider, LlmProvider } from "../src/llm/task.ts";
import type { Logger } from "../src/log.ts";
import type { WorldEvent, WorldInput, WorldSimulation } from "../src/world/simulation.ts";
import { llmCallRecorder } from "./llm-call-recorder.ts";
import { MindWriter } from "./mind-writer.ts";
import type { ChatLine, PlayerRef } from "../agents/conversation/social-context.ts";
import type { SaidResult } from "../agents/conversation/player-conversations.ts";
import type { ReplyBudgetOptions } from "../agents/conversation/reply-budget.ts";

// Memories whose embedding failed are retried in small batches, so a backlog never stalls a flush.
const RETRY_EMBEDDINGS_PER_FLUSH = 64;

export interface EngineLinkDependencies {
  pool: pg.Pool;
  llm: LlmProvider;
  embedder: EmbeddingProvider;
  /** True when embedding calls a model (LLM_MODE=openai), which an idle world defers. */
  embeddingIsModelCall: boolean;
  metrics: Metrics;
  log: Logger;
  /** The process-wide scheduler every world's model calls share. */
  calls: ModelCallScheduler;
  tokensPerAgentPerGameHour: number;
  replyBudget: ReplyBudgetOptions;
  reflectionThreshold: number;
}

/**
 * A world room's link to the agent engine: decisions go into the next tick as inputs, each tick's
 * events go to the engine, LLM calls are recorded write-behind. With no players the engine is idle:
 * no model calls (the offline provider answers; embeddings wait for players to return), agents keep to their plans.
 */
export class RoomEngineLink {
  private engine!: AgentEngine;
  private scheduler!: JobScheduler;
  private memory!: PostgresMemory;
  private readonly calls: LlmCallWriter;
  private readonly minds: MindWriter;

  private constructor(
    private readonly deps: EngineLinkDependencies,
    private readonly worldId: string,
    private readonly currentSim: () => WorldSimulation,
    private readonly world: WorldDefinition,
    private readonly chat: (line: ChatLine) => void,
    private readonly characterOf: (sessionId: string) => string | undefined,
  ) {
    this.calls = new LlmCallWriter(deps.pool);
    this.minds = new MindWriter(deps.pool, worldId, deps.log);
  }

  static async start(
    deps: EngineLinkDependencies,
    world: WorldDefinition,
    sim: () => WorldSimulation,
    chat: (line: ChatLine) => void,
    characterOf: (sessionId: string) => string | undefined,
  ): Promise<RoomEngineLink> {
    const mind = new RoomEngineLink(deps, world.id, sim, world, chat, characterOf);
    await mind.build();
    return mind;
  }

  /** Picks up new or changed agents (admin reload); thinking in progress is dropped, minds are kept. */
  async rebuild(): Promise<void> {
    const idle = this.scheduler.isIdle;
    this.scheduler.setIdle(true);
    await this.engine.settle();
    try {
      await this.saveMinds();
    } catch (error) {
      this.scheduler.setIdle(idle);
      throw error;
    }
    await this.build();
    this.scheduler.setIdle(idle);
  }

  inputs(): WorldInput[] {
    return this.engine.drainInputs();
  }

  handle(events: readonly WorldEvent[]): void {
    this.engine.handle(events);
  }

  playersChanged(count: number): void {
    this.scheduler.setIdle(count === 0);
  }

  /** Stores a player's line to an agent (resolves then) and has the agent answer in the background. */
  playerSaid(player: PlayerRef, agentId: string, text: string, clientMessageId?: string): Promise<SaidResult> {
    return this.engine.playerSaid(player, agentId, text, clientMessageId);
  }

  playerLeft(sessionId: string): void {
    this.engine.playerLeft(sessionId);
  }

  /**
   * Write-behind work on the room's flush interval: agents' minds that changed, LLM call records,
   * embeddings that failed before, and memories stored by another embedding model.
   */
  async flush(): Promise<void> {
    await this.saveMinds().catch((error: Error) => this.deps.log.warn({ err: error.message }, "could not save agents' minds yet; retrying"));
    await this.calls.flush().catch((error: Error) => this.deps.log.warn({ err: error.message, pending: this.calls.size }, "could not record LLM calls yet; retrying"));
    await this.memory.retryUnembedded(RETRY_EMBEDDINGS_PER_FLUSH).catch((error: Error) => this.deps.log.warn({ err: error.message }, "could not retry embeddings yet"));
    await this.memory.reembedOthers(RETRY_EMBEDDINGS_PER_FLUSH).catch((error: Error) => this.deps.log.warn({ err: error.message }, "could not re-embed memories yet"));
  }

  async dispose(): Promise<void> {
    this.scheduler.setIdle(true);
    this.engine.endConversations("room_closed");
    try {
      await this.engine.settle();
      await this.flush();
    } finally {
      this.scheduler.close();
    }
  }

  private saveMinds(): Promise<void> {
    return this.minds.save(this.engine.mindSnapshots(), this.currentSim().clock.gameTime);
  }

  private async build(): Promise<void> {
    const sim = this.currentSim;
    const { engine, scheduler, memory } = await createWorldEngine({
      pool: this.deps.pool,
      worldId: this.worldId,
      locations: this.world.locations.map((location) => location.name),
      retrieval: this.world.retrieval,
      llm: this.deps.llm,
      embedder: this.deps.embedder,
      embeddingIsModelCall: this.deps.embeddingIsModelCall,
      calls: this.deps.calls,
      tokensPerAgentPerGameHour: this.deps.tokensPerAgentPerGameHour,
      replyBudget: this.deps.replyBudget,
      settings: { reflectionThreshold: this.deps.reflectionThreshold },
      gameTime: () => sim().clock.gameTime,
      agent: (id) => sim().agents.get(id),
      record: llmCallRecorder(this.worldId, this.calls, this.deps.metrics),
      log: this.deps.log,
      conversations: this.world.conversations,
      contentPolicy: this.world.contentPolicy,
      player: (sessionId) => sim().players.get(sessionId),
      characterOf: this.characterOf,
      chat: this.chat,
      violated: (rule) => this.deps.metrics.policyViolations.inc({ world: this.worldId, rule }),
    });
    scheduler.setIdle(this.scheduler?.isIdle ?? true);
    // The engine built before (admin reload) is done with: its world's leftover jobs leave the shared scheduler.
    this.scheduler?.close();
    this.engine = engine;
    this.scheduler = scheduler;
    this.memory = memory;
  }
}
