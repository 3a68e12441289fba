/**
 * The retrieval score of Park et al. (2023), "Generative Agents", section 4.1:
 *
 *   score = w_recency·recency + w_importance·importance + w_emotion·emotion + w_relevance·relevance
 *
 *   recency    = decay ^ (game hours since the memory was last accessed)   decay 0.995 per game hour
 *   importance = importance_score / 10                                      importance_score 0-10
 *   emotion    = emotional_relevance                                        0-1
 *   relevance  = (1 + cosine similarity to the query) / 2                   0.5 without an embedding
 *
 * Normalisation is FIXED-RANGE: each component is mapped onto [0, 1] by its known range, not min-max
 * scaled over the current candidate set as the paper (and ai-town) do. Reasons: (1) a memory's score then
 * depends only on the memory, the query and the clock, never on which other memories happen to be
 * candidates, so the SQL re-rank over a candidate union gives exactly the score this function gives over
 * all memories (the integration tests compare them to 1e-4); (2) min-max divides by (max - min), which is
 * 0 when all candidates are equal in a component and yields NaN (ai-town's bug); (3) a component on which
 * all candidates agree does not get stretched to the full [0, 1] range and drown the ones that differ.
 * The price: a component whose values cluster (cosines of 0.7-0.9 are common) moves the score less than
 * under min-max; per-world weights are the knob for that.
 *
 * A memory without an embedding in the query's model gets relevance 0.5 (cosine 0, "unrelated"): it is
 * neither favoured nor buried, and still wins on recency, importance and emotion.
 */
import type { RetrievalWeights, ScoreComponents } from "../../db/repositories/memory-records.ts";

export type { RetrievalWeights, ScoreComponents };

/** Park et al.'s weights: all four components count equally. */
export const DEFAULT_RETRIEVAL_WEIGHTS: Readonly<RetrievalWeights> = Object.freeze({ recency: 1, importance: 1, emotion: 1, relevance: 1 });
/** Park et al.'s recency decay factor, per game hour: about 0.89 after a game day, 0.43 after a game week. */
export const DEFAULT_RECENCY_DECAY = 0.995;

const SECONDS_PER_GAME_HOUR = 3600;
const WEIGHT_NAMES = ["recency", "importance", "emotion", "relevance"] as const;

export class RetrievalWeightsError extends Error {
  override name = "RetrievalWeightsError";
}

/** Checks a world's weights: every one a finite number >= 0, and at least one above 0. */
export function validateRetrievalWeights(weights: unknown, where = "retrieval weights"): RetrievalWeights {
  if (typeof weights !== "object" || weights === null) {
    throw new RetrievalWeightsError(`${where}: expected an object { recency, importance, emotion, relevance } of numbers >= 0`);
  }
  const record = weights as Record<string, unknown>;
  for (const name of WEIGHT_NAMES) {
    const value = record[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RetrievalWeightsError(`${where}.${name}: must be a finite number >= 0 (got ${String(value)})`);
    }
  }
  const valid = { recency: record.recency as number, importance: record.importance as number, emotion: record.emotion as number, relevance: record.relevance as number };
  if (WEIGHT_NAMES.every((name) => valid[name] === 0)) {
    throw new RetrievalWeightsError(`${where}: all four weights are 0, so every memory would score the same; give at least one a positive weight`);
  }
  return valid;
}

/** The recency decay per game hour must be in (0, 1]: 1 turns recency off (always 1), smaller forgets faster. */
export function validateRecencyDecay(decay: number): number {
  if (typeof decay !== "number" || !Number.isFinite(decay) || decay <= 0 || decay > 1) {
    throw new RetrievalWeightsError(`recency decay must be a number in (0, 1] per game hour, e.g. 0.995 (got ${decay})`);
  }
  return decay;
}

/** decay ^ hours since last access; an access "in the future" (the clock was rewound) counts as now. */
export function recencyComponent(lastAccessedGameTime: number, nowGameTime: number, decay = DEFAULT_RECENCY_DECAY): number {
  const hours = Math.max(0, nowGameTime - lastAccessedGameTime) / SECONDS_PER_GAME_HOUR;
  return Math.pow(decay, hours);
}

export function importanceComponent(importanceScore: number): number {
  return clamp01(importanceScore / 10);
}

export function emotionComponent(emotionalRelevance: number): number {
  return clamp01(emotionalRelevance);
}

/** (1 + cosine) / 2; null (no embedding in the query's model) counts as cosine 0. */
export function relevanceComponent(similarity: number | null): number {
  return clamp01((1 + (similarity ?? 0)) / 2);
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`cosine similarity of vectors of different lengths (${a.length} and ${b.length})`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) throw new RangeError("cosine similarity of a zero vector is undefined");
  return dot / Math.sqrt(normA * normB);
}

export interface ScorableMemory {
  id: number;
  importanceScore: number;
  emotionalRelevance: number;
  lastAccessedGameTime: number;
  embedding: readonly number[] | null;
  /** When both this and the query's model are given, an embedding from another model counts as none. */
  embeddingModel?: string | null;
}

export interface RankingQuery {
  /** The query's embedding; null when there is none (every relevance is 0.5). */
  embedding: readonly number[] | null;
  model?: string;
  weights?: RetrievalWeights;
  /** Recency decay per game hour. */
  decay?: number;
}

export interface ScoredMemory<M extends ScorableMemory = ScorableMemory> {
  memory: M;
  similarity: number | null;
  components: ScoreComponents;
  score: number;
}

export function scoreMemory<M extends ScorableMemory>(memory: M, query: RankingQuery, nowGameTime: number): ScoredMemory<M> {
  const weights = query.weights ?? DEFAULT_RETRIEVAL_WEIGHTS;
  const sameModel = query.model === undefined || memory.embeddingModel === undefined || memory.embeddingModel === query.model;
  const similarity = query.embedding && memory.embedding && sameModel ? cosineSimilarity(memory.embedding, query.embedding) : null;
  const components: ScoreComponents = {
    recency: recencyComponent(memory.lastAccessedGameTime, nowGameTime, query.decay ?? DEFAULT_RECENCY_DECAY),
    importance: importanceComponent(memory.importanceScore),
    emotion: emotionComponent(memory.emotionalRelevance),
    relevance: relevanceComponent(similarity),
  };
  const score =
    weights.recency * components.recency +
    weights.importance * components.importance +
    weights.emotion * components.emotion +
    weights.relevance * components.relevance;
  return { memory, similarity, components, score };
}

/**
 * Every memory scored and sorted best first; equal scores put the newer memory (higher id) first, as the
 * SQL does. The exact reference for retrieveMemories (db/repositories/memory-retrieval.ts).
 */
export function rankMemories<M extends ScorableMemory>(memories: readonly M[], query: RankingQuery, nowGameTime: number): ScoredMemory<M>[] {
  if (query.weights) validateRetrievalWeights(query.weights);
  if (query.decay !== undefined) validateRecencyDecay(query.decay);
  return memories.map((memory) => scoreMemory(memory, query, nowGameTime)).sort((a, b) => b.score - a.score || b.memory.id - a.memory.id);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
