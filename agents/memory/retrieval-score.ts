/**
 * The retrieval score of Park et al. (2023), "Generative Agents", section 4.1, normalised as their code
 * (Smallville) does, with relevance sharpened:
 *
 *   score = w_recency·recency + w_importance·importance + w_emotion·emotion + w_relevance·relevance
 *
 * Each component starts from a raw value:
 *   recency    = decay ^ (game hours since the memory was last accessed)   decay 0.995 per game hour
 *   importance = importance_score / 10                                      importance_score 0-10
 *   emotion    = emotional_relevance                                        0-1
 *   relevance  = (1 + cosine similarity to the query) / 2                   0.5 without an embedding
 * and is then MIN-MAX NORMALISED OVER THE MEMORIES BEING RANKED: (raw - min) / (max - min), so the most
 * relevant of them gets relevance 1 and the least 0, whatever the embedder's cosines cluster around.
 * Fixed ranges (the raw values as they are) let relevance move within about 0.25-0.4 and recency within 0.11
 * per game day while importance and emotion swung across their whole range: four different questions got
 * the same top five. Over the candidates, each component's spread survives, and the weights say what counts.
 * When all the memories agree on a component (max - min below EQUAL_SPREAD) it says nothing about them:
 * everyone gets EQUAL_COMPONENT, never the 0/0 = NaN of ai-town's normalisation.
 *
 * Relevance is then raised to the power RELEVANCE_SHARPNESS (4) (unless all agree: EQUAL_COMPONENT as ever).
 * Cosines are not probabilities of being on topic: the answer to a question is an outlier at the top, and
 * the bulk of a week's memories sits in the middle of the range, sharing a word or a mood with it.
 * Normalised linearly, that bulk kept half the relevance weight, so a strong feeling about something else
 * (importance 9) beat the fact that answered the question (importance 2): with weights 3/2/0.5/0.5,
 * bench:memory's planted facts came back in the top 3 for 0.01-0.11 of the questions that share a word with
 * them. To the fourth power, a memory halfway down keeps 0.06 of the weight and one at 0.9 keeps 0.66: 0.92
 * (word vectors) and 0.94 (hashing), as many as ranking by relevance alone (--weights 0,0,0,1).
 *
 * Min-max rather than ranks: ranks turn a near-tie in cosine into a full step and a clear winner into one
 * step too, and a rank among the SQL's candidates is not a rank among all memories, while the candidates'
 * min and max are close to the whole stream's (their lists hold the newest, most important, most emotional
 * and nearest memories, and plenty of unrelated ones), so the SQL re-rank agrees with the ranking over all
 * memories (bench:retrieval measures it). Measured on bench:retrieval's data (5,000 memories per agent,
 * 40 questions), re-ranking the same candidates kept 0.94 of the whole stream's top 10 with min-max and
 * 0.45 with ranks.
 *
 * Weights by default (DEFAULT_RETRIEVAL in src/content/world-file.ts): relevance 4, importance 1, recency 0.5,
 * emotion 0.5, so what is asked decides what is recalled, importance picks among the on-topic memories, and
 * recency and emotion break ties. Smallville's 3/2/0.5 (relevance/importance/recency), sharpened alike, kept
 * the answer out of the top 3 more often (0.88 and 0.93 on bench:memory, word vectors and hashing): once
 * relevance is sharpened, an importance weight of 2 is worth most of an on-topic memory's relevance.
 *
 * A memory without an embedding in the query's model gets raw relevance 0.5 (cosine 0, "unrelated"): it is
 * neither favoured nor buried, and still wins on recency, importance and emotion.
 */
import { EQUAL_COMPONENT, EQUAL_SPREAD, RELEVANCE_SHARPNESS, type RetrievalWeights, type ScoreComponents } from "../../db/repositories/memory-records.ts";
import { DEFAULT_RETRIEVAL } from "../../src/content/world-file.ts";

export type { RetrievalWeights, ScoreComponents };

/** Relevance 4, importance 1, recency 0.5, emotion 0.5 (see above). */
export const DEFAULT_RETRIEVAL_WEIGHTS: Readonly<RetrievalWeights> = Object.freeze({ ...DEFAULT_RETRIEVAL.weights });
/** Park et al.'s recency decay factor, per game hour: about 0.89 after a game day, 0.43 after a game week. */
export const DEFAULT_RECENCY_DECAY = DEFAULT_RETRIEVAL.decay;

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

/** The raw components (fixed ranges, before normalisation) and the cosine similarity, if any. */
export function rawComponents(memory: ScorableMemory, query: RankingQuery, nowGameTime: number): { similarity: number | null; raw: ScoreComponents } {
  const sameModel = query.model === undefined || memory.embeddingModel === undefined || memory.embeddingModel === query.model;
  const similarity = query.embedding && memory.embedding && sameModel ? cosineSimilarity(memory.embedding, query.embedding) : null;
  const raw: ScoreComponents = {
    recency: recencyComponent(memory.lastAccessedGameTime, nowGameTime, query.decay ?? DEFAULT_RECENCY_DECAY),
    importance: importanceComponent(memory.importanceScore),
    emotion: emotionComponent(memory.emotionalRelevance),
    relevance: relevanceComponent(similarity),
  };
  return { similarity, raw };
}

/**
 * ((value - min) / (max - min)) ^ sharpness over `values`; EQUAL_COMPONENT for all when they agree (a
 * component that says nothing shows as the middle of its range, whatever the sharpness).
 */
export function minMaxNormalise(values: readonly number[], sharpness = 1): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const spread = max - min;
  return values.map((value) => (spread > EQUAL_SPREAD ? ((value - min) / spread) ** sharpness : EQUAL_COMPONENT));
}

/**
 * The memories scored against each other (each component normalised over them) and sorted best first;
 * equal scores put the newer memory (higher id) first, as the SQL does. Over all of an agent's memories
 * this is the exact reference for retrieveMemories (db/repositories/memory-retrieval.ts); over its
 * candidate union it is what that statement computes.
 */
export function rankMemories<M extends ScorableMemory>(memories: readonly M[], query: RankingQuery, nowGameTime: number): ScoredMemory<M>[] {
  const weights = query.weights ? validateRetrievalWeights(query.weights) : DEFAULT_RETRIEVAL_WEIGHTS;
  if (query.decay !== undefined) validateRecencyDecay(query.decay);
  const raws = memories.map((memory) => rawComponents(memory, query, nowGameTime));
  const normalised = Object.fromEntries(
    WEIGHT_NAMES.map((name) => [name, minMaxNormalise(raws.map(({ raw }) => raw[name]), name === "relevance" ? RELEVANCE_SHARPNESS : 1)]),
  ) as Record<keyof ScoreComponents, number[]>;
  return memories
    .map((memory, index) => {
      const components: ScoreComponents = {
        recency: normalised.recency[index]!,
        importance: normalised.importance[index]!,
        emotion: normalised.emotion[index]!,
        relevance: normalised.relevance[index]!,
      };
      const score =
        weights.recency * components.recency +
        weights.importance * components.importance +
        weights.emotion * components.emotion +
        weights.relevance * components.relevance;
      return { memory, similarity: raws[index]!.similarity, components, score };
    })
    .sort((a, b) => b.score - a.score || b.memory.id - a.memory.id);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
