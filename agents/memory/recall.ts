/**
 * Ask an agent's memory: the memories the engine would retrieve for a question, in rank order, with each
 * component's score. This is how a designer finds out why an NPC said what it said (npm run
 * memory:recall, GET /api/worlds/:worldId/agents/:agentId/recall, the inspector's recall box).
 *
 * It goes through PostgresMemory.rank, the engine's own retrieval (same embedder, same SQL statement, the
 * world's weights and decay, the world's stored game time), minus the side effect: nothing is marked
 * accessed. A fresh PostgresMemory knows none of the engine's recent recalls, so a memory that is only a
 * candidate because the engine recalled it moments ago (RecentlyAccessed) is not considered here.
 */
import type pg from "pg";
import { findAgentIdentity } from "../../db/repositories/agent-inspection-repository.ts";
import { findWorld } from "../../db/repositories/world-repository.ts";
import type { EmbeddingProvider } from "../../src/llm/task.ts";
import type { MemoryType, ScoreComponents } from "../../db/repositories/memory-records.ts";
import { PostgresMemory, type PostgresMemoryOptions } from "./postgres-memory.ts";

export const MAX_RECALL_K = 100;
export const DEFAULT_RECALL_K = 10;

export interface RecallRequest {
  worldId: string;
  agentId: string;
  query: string;
  k: number;
}

export interface RecalledMemory {
  id: number;
  content: string;
  type: MemoryType;
  score: number;
  components: ScoreComponents;
}

export interface Recall {
  agent: string;
  query: string;
  memories: RecalledMemory[];
}

export class RecallError extends Error {
  override name = "RecallError";
  constructor(readonly code: "unknown_world" | "unknown_agent", message: string) {
    super(message);
  }
}

/** `log` hears when the question could not be embedded (every relevance is then 0.5). */
export async function recallMemories(pool: pg.Pool, embedder: EmbeddingProvider, request: RecallRequest, log?: PostgresMemoryOptions["log"]): Promise<Recall> {
  const world = await findWorld(pool, request.worldId);
  if (!world) throw new RecallError("unknown_world", `no world "${request.worldId}"; its agents must be loaded first (npm run agents:load)`);
  if (!(await findAgentIdentity(pool, world.id, request.agentId))) {
    throw new RecallError("unknown_agent", `no agent "${request.agentId}" in world "${world.id}"`);
  }
  const memory = new PostgresMemory(pool, embedder, { ...world.definition.retrieval, log });
  const ranked = await memory.rank(request.agentId, request.query, world.gameTime, request.k);
  return {
    agent: request.agentId,
    query: request.query,
    memories: ranked.map((m) => ({ id: m.id, content: m.content, type: m.memoryType, score: m.score, components: m.components })),
  };
}
