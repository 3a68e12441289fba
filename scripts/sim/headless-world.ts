import fs from "node:fs/promises";
import path from "node:path";
import { createWorldEngine } from "../../agents/create-world-engine.ts";
import type { AgentEngine } from "../../agents/engine/agent-engine.ts";
import type { Ablation } from "../../agents/engine/flow-context.ts";
import type { ChatLine } from "../../agents/conversation/social-context.ts";
import type { JobScheduler } from "../../agents/job-scheduler.ts";
import { openDatabase, type Database } from "../../db/client.ts";
import { LlmCallWriter } from "../../db/llm-call-writer.ts";
import { migrate } from "../../db/migrate.ts";
import { findWorld } from "../../db/repositories/world-repository.ts";
import { llmCallRecorder } from "../../rooms/llm-call-recorder.ts";
import { buildSimulation } from "../../rooms/simulation-loader.ts";
import { loadConfig } from "../../src/config.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { createProviders, type Providers } from "../../src/llm/create-providers.ts";
import { createLogger } from "../../src/log.ts";
import type { WorldSimulation } from "../../src/world/simulation.ts";
import { scaledAgentFolder } from "./scaled-agents.ts";
import { ChattingGuests } from "./chatting-guests.ts";
import { SECONDS_PER_HOUR } from "../../src/shared-kernel/game-time.ts";

export interface HeadlessWorldOptions {
  /** World id; the configured default world when absent. */
  world?: string;
  /** Agents to run (the world's own, copied to reach this many); 0 or absent keeps the world's. */
  agents?: number;
  provider: "counting" | "offline" | "openai";
  players: number;
  seed: number;
  /** An EMPTY Postgres to run on; a fresh in-memory database when absent. */
  databaseUrl?: string;
  ablate?: Ablation;
  /** Summed importance that triggers a reflection; the configured REFLECTION_THRESHOLD when absent. */
  reflectionThreshold?: number;
  /** Final chat lines the agents say (besides those the simulated players hear). */
  chat?: (line: ChatLine) => void;
}

/** A world running without a room or clients: its simulation, agent engine and simulated players over a fresh database. */
export interface HeadlessWorld {
  db: Database;
  worldId: string;
  worldName: string;
  sim: WorldSimulation;
  engine: AgentEngine;
  scheduler: JobScheduler;
  players: ChattingGuests;
  calls: LlmCallWriter;
  providers: Providers;
  /** Steps the world `gameSeconds` ahead, waiting for the agents' thinking each game minute; returns each tick's time (ms). */
  advance(gameSeconds: number, stepMs: number, progress?: (line: string) => void): Promise<number[]>;
  close(): Promise<void>;
}

/** Loads a world's content into a fresh database and starts its engine and simulated players, as `npm run sim` runs it. */
export async function openHeadlessWorld(options: HeadlessWorldOptions): Promise<HeadlessWorld> {
  const config = loadConfig({ ...process.env, LLM_MODE: options.provider, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  const log = createLogger(config.LOG_LEVEL);
  const worldId = options.world ?? config.DEFAULT_WORLD;
  const db = await openDatabase({ url: options.databaseUrl, dataDir: "memory://" });
  const scaled = await scaledAgentFolder(path.join(config.worldsDir, worldId), options.agents ?? 0);
  const cleanUp = async () => {
    await fs.rm(scaled.dir, { recursive: true, force: true });
    await db.close();
  };
  try {
    await migrate(db.pool);
    const providers = createProviders(config, { logger: log });
    await loadContent(db.pool, { paths: [scaled.dir], worldId, worldsDir: config.worldsDir, defaultWorldId: worldId, actor: "sim", embedder: providers.embedder });
    const world = (await findWorld(db.pool, worldId))!;
    const sim = await buildSimulation(db.pool, world);
    const calls = new LlmCallWriter(db.pool);
    let players: ChattingGuests | undefined;
    const { engine, scheduler } = await createWorldEngine({
      pool: db.pool,
      worldId,
      locations: world.definition.locations.map((location) => location.name),
      retrieval: world.definition.retrieval,
      llm: providers.llm,
      embedder: providers.embedder,
      concurrency: config.LLM_CONCURRENCY,
      tokensPerAgentPerGameHour: config.LLM_TOKENS_PER_AGENT_HOUR,
      replyBudget: { perRealMinute: config.PLAYER_REPLIES_PER_MINUTE, perGameHour: config.PLAYER_REPLIES_PER_GAME_HOUR },
      settings: { reflectionThreshold: options.reflectionThreshold ?? config.REFLECTION_THRESHOLD },
      ablate: options.ablate,
      gameTime: () => sim.clock.gameTime,
      agent: (id) => sim.agents.get(id),
      record: llmCallRecorder(worldId, calls),
      log,
      conversations: world.definition.conversations,
      contentPolicy: world.definition.contentPolicy,
      player: (sessionId) => sim.players.get(sessionId),
      characterOf: (sessionId) => players?.characterOf(sessionId),
      chat: (line) => {
        players?.heard(line);
        options.chat?.(line);
      },
    });
    players = await ChattingGuests.join(db.pool, worldId, sim, () => engine, { count: options.players, seed: options.seed, talkRange: world.definition.conversations.talkRange });
    scheduler.setIdle(options.players === 0);
    const joined = players;
    return {
      db,
      worldId,
      worldName: world.name,
      sim,
      engine,
      scheduler,
      players: joined,
      calls,
      providers,
      advance: (gameSeconds, stepMs, progress) => advance({ sim, engine, players: joined, calls, scheduler }, gameSeconds, stepMs, progress),
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function advance(
  world: Pick<HeadlessWorld, "sim" | "engine" | "players" | "calls" | "scheduler">,
  gameSeconds: number,
  stepMs: number,
  progress?: (line: string) => void,
): Promise<number[]> {
  const { sim, engine, players, calls, scheduler } = world;
  const start = sim.clock.gameTime;
  const end = start + gameSeconds;
  const tickMs: number[] = [];
  let lastMinute = Math.floor(sim.clock.gameTime / 60);
  let lastProgressHour = -1;
  while (sim.clock.gameTime < end) {
    const inputs = [...engine.drainInputs(), ...players.inputs()];
    const t0 = performance.now();
    const events = sim.step(stepMs, inputs);
    engine.handle(events);
    tickMs.push(performance.now() - t0);
    const minute = Math.floor(sim.clock.gameTime / 60);
    if (minute !== lastMinute) {
      lastMinute = minute;
      // Thinking runs beside the world; the run waits for it each game minute so results land on time.
      await engine.settle();
      await calls.flush();
    }
    const hour = Math.floor((sim.clock.gameTime - start) / SECONDS_PER_HOUR);
    if (progress && hour !== lastProgressHour && hour % 4 === 0) {
      lastProgressHour = hour;
      progress(`game hour ${hour}/${Math.round(gameSeconds / SECONDS_PER_HOUR)} (${sim.clock.label}), ${scheduler.counts.done} LLM jobs so far`);
    }
  }
  await engine.settle();
  await calls.flush();
  return tickMs;
}
