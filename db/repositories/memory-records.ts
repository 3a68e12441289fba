/**
 * Shapes of agent_memories rows as the memory repository reads and writes them. The retrieval score
 * formula itself lives in agents/memory/retrieval-score.ts (pure); the SQL in memory-retrieval.ts
 * computes the same formula, so the weight and component shapes are declared here, where both can see them
 * (db never imports agents).
 */

/**
 * The kinds of memory agent_memories stores: the one declaration the agent engine, the designer file format
 * and the migrations' CHECK constraint agree with (test/unit/db/memory-types-migration.test.ts).
 */
export const MEMORY_TYPES = ["observation", "reflection", "plan", "metacognition", "conversation", "summary", "feeling"] as const;
export type MemoryType = (typeof MEMORY_TYPES)[number];

/** A memory to write, as the repository stores it (the engine's NewMemory in agents/engine/ports.ts maps to it). Game times are whole game seconds since day 1, 00:00 (fractions are floored). */
export interface NewMemoryRecord {
  agentId: string;
  memoryType: MemoryType;
  content: string;
  /** 0-10 (the schema's range); 5 when omitted. */
  importanceScore?: number;
  /** 0-1; 0 when omitted. */
  emotionalRelevance?: number;
  gameTime: number;
  /** Defaults to gameTime: a memory is "accessed" when it is formed (recency starts at 1). */
  lastAccessedGameTime?: number;
  tags?: readonly string[];
  relatedAgents?: readonly string[];
  relatedPlayers?: readonly string[];
  location?: string | null;
}

/** One embedding space: the provider's model name (stored beside each vector) and its dimension. */
export interface EmbeddingSpace {
  model: string;
  dimensions: number;
}

export interface EmbeddingUpdate extends EmbeddingSpace {
  id: number;
  embedding: readonly number[];
}

export interface UnembeddedMemory {
  id: number;
  agentId: string;
  content: string;
}

/** Weights of the four score components; per world. Defaults (1, 1, 1, 1) are Park et al.'s. */
export interface RetrievalWeights {
  recency: number;
  importance: number;
  emotion: number;
  relevance: number;
}

/**
 * Normalisation of a score component over the memories ranked together (agents/memory/retrieval-score.ts
 * and the SQL of memory-retrieval.ts): a spread this small is float noise, not a difference between
 * memories, and then every memory gets the middle of the range, so the component neither adds nor hides.
 */
export const EQUAL_SPREAD = 1e-9;
export const EQUAL_COMPONENT = 0.5;
/**
 * Relevance is raised to this power after normalisation: the few memories that are about the question keep
 * most of theirs (0.9 -> 0.66) and the bulk that merely resembles it keeps little (0.5 -> 0.06), so an
 * important memory on another topic cannot outscore the answer (see retrieval-score.ts).
 */
export const RELEVANCE_SHARPNESS = 4;

/** Each component is in [0, 1]: min-max normalised over the memories ranked together (see retrieval-score.ts). */
export interface ScoreComponents {
  recency: number;
  importance: number;
  emotion: number;
  relevance: number;
}

export interface RetrievedMemory {
  id: number;
  agentId: string;
  memoryType: MemoryType;
  content: string;
  importanceScore: number;
  emotionalRelevance: number;
  gameTime: number;
  lastAccessedGameTime: number;
  accessCount: number;
  mergeCount: number;
  embeddingModel: string | null;
  /** Cosine similarity to the query, or null when the memory has no embedding in the query's model. */
  similarity: number | null;
  components: ScoreComponents;
  score: number;
}

/** A write or query the repository refuses before it reaches SQL; the message says what and how to fix. */
export class MemoryInputError extends Error {
  override name = "MemoryInputError";
}
