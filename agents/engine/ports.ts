import type { Relationship } from "../../db/repositories/relationship-repository.ts";
import type { MemoryType } from "../../db/repositories/memory-records.ts";
import type { LlmResult } from "../../src/llm/task.ts";

export type { MemoryType };

export interface NewMemory {
  agentId: string;
  type: MemoryType;
  content: string;
  importance: number;
  emotionalRelevance?: number;
  relatedAgents?: string[];
  relatedPlayers?: string[];
  location?: string | null;
  gameTime: number;
}

export interface StoredMemory {
  id: string;
  agentId: string;
  type: MemoryType;
  content: string;
  importance: number;
  gameTime: number;
}

/** What the engine needs from the memory stream; the database-backed implementation lives in agents/memory. */
export interface MemoryPort {
  /** Stores rated memories (near-duplicate observations merge into the earlier one) and returns them as stored. */
  write(memories: readonly NewMemory[]): Promise<StoredMemory[]>;
  /** Top memories for a query by recency, importance, emotion and relevance. */
  retrieve(agentId: string, query: string, nowGameTime: number, limit: number): Promise<StoredMemory[]>;
  /** Newest first, since a game time. */
  recent(agentId: string, sinceGameTime: number, limit: number): Promise<StoredMemory[]>;
  /** Low-importance observations older than `beforeGameTime`, oldest first (for consolidation). */
  trivialBefore(agentId: string, beforeGameTime: number, maxImportance: number, limit: number): Promise<StoredMemory[]>;
  /** Sets the importance and emotional relevance of stored memories (the model's rating, after the rules'). */
  rate(ratings: readonly { id: string; importance: number; emotionalRelevance: number }[]): Promise<void>;
  /** Replaces memories by one summary in one transaction. */
  consolidate(agentId: string, ids: readonly string[], summary: NewMemory): Promise<void>;
}

/** Someone the agent has feelings about (another agent or a player's character), by name. */
export interface Tie {
  name: string;
  relationship: Relationship;
}

/** Where the engine writes its plans, reflections and self-evaluations (agent_plans, agent_reflections, ...), and reads the bonds its plans keep in mind. */
export interface CognitionStore {
  /** Up to `limit` closest and `limit` most strained relationships of the agent. */
  closestAndStrained(agentId: string, limit: number): Promise<Tie[]>;
  saveDayPlan(agentId: string, day: number, strokes: string[], blocks: { startMinute: number; activity: string; location: string | null }[]): Promise<void>;
  saveReflection(agentId: string, reflection: { text: string; evidence: string[]; memoryId: string; gameTime: number }): Promise<void>;
  saveMetacognition(agentId: string, review: { evaluation: string; adjustments: string[]; goalChanges: string[]; notes: string; gameTime: number }): Promise<void>;
}

/** Every LLM call, whatever its outcome, for llm_calls and metrics. */
export type CallRecorder = (record: { agentId: string; purpose: string; result: LlmResult<unknown> | null; error?: Error; gameTime: number }) => void;
