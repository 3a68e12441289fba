import type pg from "pg";
import { markAccessed, retrieveMemories, type RetrievedMemory } from "../../db/repositories/memory-repository.ts";
import { validateEmbedding } from "../../db/repositories/memory-embedding-validation.ts";
import type { EmbeddingProvider } from "../../src/llm/task.ts";
import { DEFAULT_RECENCY_DECAY, DEFAULT_RETRIEVAL_WEIGHTS, validateRecencyDecay, validateRetrievalWeights, type RetrievalWeights } from "./retrieval-score.ts";

export interface MemoryRetrieverOptions {
  pool: pg.Pool;
  /** null: no embedder configured; retrieval then ranks by recency, importance and emotion only. */
  embedder: EmbeddingProvider | null;
  /** The world's weights; Park et al.'s (1, 1, 1, 1) when omitted. */
  weights?: RetrievalWeights;
  /** Recency decay per game hour (0.995 when omitted). */
  decay?: number;
  /** Length of each candidate list (see memory-retrieval.ts). */
  candidates?: number;
}

export interface RetrieveOptions {
  limit?: number;
  signal?: AbortSignal;
}

export interface Retrieval {
  memories: RetrievedMemory[];
  /** False when the query could not be embedded and relevance was left out (0.5 for every memory). */
  usedEmbedding: boolean;
}

/**
 * What the agent engine calls to remember: embeds the query, retrieves in one statement, and marks what
 * came back as accessed (one more statement), so that recency restarts for memories in use. An embedder
 * failure does not fail retrieval: the agent still remembers by recency, importance and emotion.
 */
export class MemoryRetriever {
  private readonly weights: RetrievalWeights;
  private readonly decay: number;
  /** Retrievals that ran without a query embedding: the embedder failed or gave an unusable vector. */
  embeddingFailures = 0;

  constructor(private readonly options: MemoryRetrieverOptions) {
    this.weights = validateRetrievalWeights(options.weights ?? DEFAULT_RETRIEVAL_WEIGHTS);
    this.decay = validateRecencyDecay(options.decay ?? DEFAULT_RECENCY_DECAY);
  }

  async retrieve(agentId: string, query: string, nowGameTime: number, options: RetrieveOptions = {}): Promise<Retrieval> {
    const embedding = await this.embedQuery(query, options.signal);
    const memories = await retrieveMemories(this.options.pool, {
      agentId,
      queryEmbedding: embedding,
      model: embedding ? this.options.embedder!.model : null,
      nowGameTime,
      weights: this.weights,
      decay: this.decay,
      limit: options.limit,
      candidates: this.options.candidates,
    });
    await markAccessed(this.options.pool, memories.map((memory) => memory.id), nowGameTime);
    return { memories, usedEmbedding: embedding !== null };
  }

  private async embedQuery(query: string, signal: AbortSignal | undefined): Promise<number[] | null> {
    const embedder = this.options.embedder;
    if (!embedder || query.trim().length === 0) return null;
    try {
      const [vector] = await embedder.embed([query], signal);
      // A query of stop words only hashes to a zero vector: no direction, so no relevance either.
      validateEmbedding(vector ?? [], embedder.dimensions, "query embedding");
      return vector!;
    } catch (error) {
      if (signal?.aborted) throw error;
      this.embeddingFailures++;
      return null;
    }
  }
}
