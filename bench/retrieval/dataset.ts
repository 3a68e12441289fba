/**
 * Synthetic but realistic memory streams for the retrieval benchmark, deterministic per (seed, agent) so
 * that an agent's data can be regenerated for the exact TypeScript reference instead of being kept in
 * memory (100 agents x 5,000 x 256 numbers would be gigabytes of JS arrays).
 *
 * Vectors look like text embeddings: a shared "language" direction (unrelated texts still have cosine
 * ~0.1), a few topics per agent (an agent's life: work, family, a rival...), sub-topics within each, and
 * gaussian noise whose size varies per memory; same-topic cosines come out around 0.45-0.75.
 * Agents of one world talk about the same things (the bakery, the festival): each agent's topics are its
 * own take on topics drawn from a shared pool, popular ones more often. So a query's nearest neighbours
 * in the whole table are largely OTHER agents' memories, which is what makes the per-agent filter on
 * the HNSW index hard; with private topics (--shared-topics 0) the filter would be unrealistically easy.
 * Recency, importance and emotion follow the memory types of the game: many mundane observations
 * (importance 1-4, little emotion), conversations, reflections, plans, and rare big events.
 */
import type { MemoryType } from "../../db/repositories/memory-records.ts";
import { createRng, type Rng } from "../../src/world/rng.ts";
import { SECONDS_PER_DAY } from "../../src/shared-kernel/game-time.ts";

export interface DatasetShape {
  dims: number;
  topics: number;
  /** Topics of the world that agents' topics are drawn from; 0 = every agent has private topics. */
  sharedTopics: number;
  memoriesPerAgent: number;
  days: number;
  seed: number;
}

export interface BenchMemory {
  memoryType: MemoryType;
  content: string;
  importanceScore: number;
  emotionalRelevance: number;
  gameTime: number;
  lastAccessedGameTime: number;
  vector: number[];
}

export interface AgentSpace {
  topics: Float64Array[];
  subtopics: Float64Array[][];
  weights: number[];
}

/** Weight of the shared direction, of a sub-topic offset, and the noise range (norm of the noise part). */
const SHARED_WEIGHT = 0.5;
const SUBTOPIC_WEIGHT = 0.6;
const NOISE_MIN = 0.6;
const NOISE_MAX = 1.4;
const QUERY_NOISE = 0.8;
/** How far an agent's take on a shared topic strays from it: cosine 0.8 between two agents' takes. */
const AGENT_TWIST = 0.5;
const SUBTOPICS = 4;
/** Share of memories retrieved (re-accessed) at some time after they were formed. */
const REACCESSED_SHARE = 0.25;
/** Game starts on day 1 at 06:00 so that all game times are positive. */
const START_GAME_TIME = 6 * 3600;

export function nowGameTime(shape: DatasetShape): number {
  return START_GAME_TIME + shape.days * SECONDS_PER_DAY;
}

function sharedDirection(shape: DatasetShape): Float64Array {
  return unit(gaussianVector(createRng(shape.seed * 7919 + 1), shape.dims));
}

function sharedTopics(shape: DatasetShape): Float64Array[] {
  const rng = createRng(shape.seed * 7907 + 3);
  return Array.from({ length: shape.sharedTopics }, () => unit(gaussianVector(rng, shape.dims)));
}

export function agentSpace(shape: DatasetShape, agentIndex: number): AgentSpace {
  const rng = createRng(shape.seed * 1_000_003 + agentIndex * 31 + 17);
  const pool = sharedTopics(shape);
  // Popular world topics (low index) are picked by more agents; each agent picks distinct ones.
  const chosen = new Set<number>();
  while (pool.length > 0 && chosen.size < Math.min(shape.topics, pool.length)) {
    chosen.add(pickWeighted(rng, normalised(pool.map((_, i) => 1 / Math.sqrt(i + 1)))));
  }
  const topics =
    pool.length === 0
      ? Array.from({ length: shape.topics }, () => unit(gaussianVector(rng, shape.dims)))
      : [...chosen].map((index) => {
          const twist = unit(gaussianVector(rng, shape.dims));
          return unit(pool[index]!.map((x, d) => x + AGENT_TWIST * twist[d]!));
        });
  const subtopics = topics.map(() => Array.from({ length: SUBTOPICS }, () => unit(gaussianVector(rng, shape.dims))));
  // Zipf-like: an agent thinks about its first topics far more than about its last.
  return { topics, subtopics, weights: normalised(topics.map((_, i) => 1 / (i + 1))) };
}

function normalised(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

export function generateAgentMemories(shape: DatasetShape, agentIndex: number): BenchMemory[] {
  const shared = sharedDirection(shape);
  const space = agentSpace(shape, agentIndex);
  const rng = createRng(shape.seed * 2_000_003 + agentIndex * 131 + 5);
  const now = nowGameTime(shape);
  const span = shape.days * SECONDS_PER_DAY;
  const memories: BenchMemory[] = [];
  for (let i = 0; i < shape.memoriesPerAgent; i++) {
    const topic = pickWeighted(rng, space.weights);
    const noise = NOISE_MIN + (NOISE_MAX - NOISE_MIN) * rng.next();
    const vector = embed(rng, shared, space.topics[topic]!, space.subtopics[topic]![rng.int(0, SUBTOPICS - 1)]!, noise);
    const gameTime = Math.floor(now - span * (1 - (i + rng.next()) / shape.memoriesPerAgent));
    const lastAccessedGameTime = rng.next() < REACCESSED_SHARE ? Math.floor(gameTime + (now - gameTime) * rng.next()) : gameTime;
    const { memoryType, importanceScore, emotionalRelevance } = kindOfMemory(rng);
    memories.push({
      memoryType,
      content: `agent ${agentIndex} ${memoryType} ${i} about topic ${topic}`,
      importanceScore,
      emotionalRelevance,
      gameTime,
      lastAccessedGameTime,
      vector,
    });
  }
  return memories;
}

/** A query about one of the agent's topics (chosen as often as the agent has memories about it). */
export function queryVector(shape: DatasetShape, space: AgentSpace, rng: Rng): number[] {
  const topic = pickWeighted(rng, space.weights);
  return embed(rng, sharedDirection(shape), space.topics[topic]!, space.subtopics[topic]![rng.int(0, SUBTOPICS - 1)]!, QUERY_NOISE);
}

function kindOfMemory(rng: Rng): { memoryType: MemoryType; importanceScore: number; emotionalRelevance: number } {
  const roll = rng.next();
  const u = rng.next();
  const v = rng.next();
  if (roll < 0.01) return { memoryType: "observation", importanceScore: 9 + rng.int(0, 1), emotionalRelevance: round2(0.7 + 0.3 * v) };
  if (roll < 0.73) return { memoryType: "observation", importanceScore: 1 + Math.floor(4 * u * u), emotionalRelevance: round2(0.3 * v * v * v) };
  if (roll < 0.88) return { memoryType: "conversation", importanceScore: 3 + Math.floor(5 * u), emotionalRelevance: round2(0.2 + 0.5 * v * v) };
  if (roll < 0.96) return { memoryType: "reflection", importanceScore: 5 + Math.floor(5 * u), emotionalRelevance: round2(0.1 + 0.6 * v) };
  return { memoryType: "plan", importanceScore: 4 + Math.floor(4 * u), emotionalRelevance: round2(0.2 * v) };
}

function embed(rng: Rng, shared: Float64Array, topic: Float64Array, subtopic: Float64Array, noise: number): number[] {
  const dims = topic.length;
  const gaussian = gaussianVector(rng, dims);
  const scale = noise / Math.sqrt(dims);
  const out = new Float64Array(dims);
  for (let d = 0; d < dims; d++) out[d] = SHARED_WEIGHT * shared[d]! + topic[d]! + SUBTOPIC_WEIGHT * subtopic[d]! + scale * gaussian[d]!;
  // Six decimals: what the database stores (as float4) is then the number the TypeScript reference uses.
  return Array.from(unit(out), (x) => Math.round(x * 1e6) / 1e6);
}

function gaussianVector(rng: Rng, dims: number): Float64Array {
  const out = new Float64Array(dims);
  for (let d = 0; d < dims; d += 2) {
    // Box-Muller; 1 - next() is in (0, 1], so the log is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const angle = 2 * Math.PI * rng.next();
    out[d] = radius * Math.cos(angle);
    if (d + 1 < dims) out[d + 1] = radius * Math.sin(angle);
  }
  return out;
}

function unit(vector: Float64Array): Float64Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  return vector.map((x) => x / norm);
}

function pickWeighted(rng: Rng, weights: readonly number[]): number {
  let roll = rng.next();
  for (let i = 0; i < weights.length; i++) {
    roll -= weights[i]!;
    if (roll < 0) return i;
  }
  return weights.length - 1;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
