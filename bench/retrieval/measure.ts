import { rankMemories, type RetrievalWeights, type ScorableMemory, type ScoredMemory } from "../../agents/memory/retrieval-score.ts";
import type { Database } from "../../db/client.ts";
import { markAccessed, retrieveMemories } from "../../db/repositories/memory-repository.ts";
import { bareTopK } from "../../db/repositories/memory-retrieval-plans.ts";
import { DEFAULT_NEAREST_CANDIDATES, type RetrievalRequest } from "../../db/repositories/memory-retrieval.ts";
import { createRng } from "../../src/world/rng.ts";
import { agentSpace, generateAgentMemories, nowGameTime, queryVector, type AgentSpace, type DatasetShape } from "./dataset.ts";
import { benchAgentId } from "./load.ts";

export interface QuerySettings {
  model: string;
  weights: RetrievalWeights;
  decay: number;
  limit: number;
  candidates: number;
  nearestCandidates?: number | undefined;
  efSearch: number | undefined;
}

export interface MeasuredQuery {
  agent: number;
  vector: number[];
  retrieved: { id: number; score: number }[];
  bare: number[];
}

export interface Timings {
  retrievalMs: number[];
  bareMs: number[];
  queries: MeasuredQuery[];
}

export function retrievalRequest(shape: DatasetShape, settings: QuerySettings, agent: number, vector: number[]): RetrievalRequest {
  return {
    agentId: benchAgentId(agent),
    queryEmbedding: vector,
    model: settings.model,
    nowGameTime: nowGameTime(shape),
    weights: settings.weights,
    decay: settings.decay,
    limit: settings.limit,
    candidates: settings.candidates,
    nearestCandidates: settings.nearestCandidates,
    efSearch: settings.efSearch,
  };
}

/** Runs warmup + measured queries; each query runs the full retrieval and the bare vector query, in alternating order. */
export async function runQueries(
  db: Database,
  shape: DatasetShape & { agents: number },
  settings: QuerySettings,
  counts: { warmup: number; queries: number },
  progress: (line: string) => void,
): Promise<Timings> {
  const rng = createRng(shape.seed * 97 + 13);
  const spaces = new Map<number, AgentSpace>();
  const timings: Timings = { retrievalMs: [], bareMs: [], queries: [] };
  let lastReport = performance.now();
  for (let i = 0; i < counts.warmup + counts.queries; i++) {
    const agent = rng.int(0, shape.agents - 1);
    let space = spaces.get(agent);
    if (!space) spaces.set(agent, (space = agentSpace(shape, agent)));
    const vector = queryVector(shape, space, rng);
    const runRetrieval = async () => {
      const started = performance.now();
      const rows = await retrieveMemories(db.pool, retrievalRequest(shape, settings, agent, vector));
      return { ms: performance.now() - started, rows };
    };
    const runBare = async () => {
      const started = performance.now();
      const ids = await bareTopK(db.pool, benchAgentId(agent), settings.model, vector, settings.limit);
      return { ms: performance.now() - started, ids };
    };
    let retrieval: Awaited<ReturnType<typeof runRetrieval>>;
    let bare: Awaited<ReturnType<typeof runBare>>;
    if (i % 2 === 0) {
      retrieval = await runRetrieval();
      bare = await runBare();
    } else {
      bare = await runBare();
      retrieval = await runRetrieval();
    }
    if (i < counts.warmup) continue;
    timings.retrievalMs.push(retrieval.ms);
    timings.bareMs.push(bare.ms);
    timings.queries.push({ agent, vector, retrieved: retrieval.rows.map((row) => ({ id: row.id, score: row.score })), bare: bare.ids });
    if (performance.now() - lastReport > 2000) {
      lastReport = performance.now();
      progress(`queries ${i + 1 - counts.warmup}/${counts.queries}`);
    }
  }
  return timings;
}

/**
 * What retrieval costs on the write side: marking the returned memories accessed (one batched UPDATE).
 * Runs after the accuracy queries, since it changes recency; returns the time per call.
 */
export async function timeMarkAccessed(db: Database, shape: DatasetShape & { agents: number }, settings: QuerySettings, count: number): Promise<number[]> {
  const rng = createRng(shape.seed * 89 + 1);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const agent = rng.int(0, shape.agents - 1);
    const rows = await retrieveMemories(db.pool, retrievalRequest(shape, settings, agent, queryVector(shape, agentSpace(shape, agent), rng)));
    const started = performance.now();
    await markAccessed(db.pool, rows.map((row) => row.id), nowGameTime(shape));
    times.push(performance.now() - started);
  }
  return times;
}

export interface Accuracy {
  /** Mean share of the exact top-L (TypeScript, all of the agent's memories) that the SQL retrieval returned. */
  recall: number;
  recallMin: number;
  /** Share of queries whose top-L came back complete. */
  perfectShare: number;
  /** Mean share of the exact top-L inside the exact candidate union: the ceiling the union heuristic allows. */
  unionCeiling: number;
  /** Mean recall of the bare HNSW query against the exact cosine top-L. */
  bareVectorRecall: number;
  /** Largest |SQL score - TypeScript score over the exact candidate union| over returned memories. */
  maxScoreError: number;
}

/**
 * The exact reference: every measured query ranked in TypeScript over all of its agent's memories
 * (regenerated), each component normalised over that whole stream, which is what a user means by "the
 * agent's best memories for this question". The statement normalises over its candidate union instead;
 * recall measures both what the union misses and what its narrower ranges reorder. The score error is
 * measured against the same formula over the exact union, where the two must agree.
 */
export function measureAccuracy(shape: DatasetShape, settings: QuerySettings, idsByAgent: readonly number[][], queries: readonly MeasuredQuery[]): Accuracy {
  const byAgent = new Map<number, MeasuredQuery[]>();
  for (const query of queries) byAgent.set(query.agent, [...(byAgent.get(query.agent) ?? []), query]);
  const recalls: number[] = [];
  const ceilings: number[] = [];
  const bareRecalls: number[] = [];
  let maxScoreError = 0;
  const now = nowGameTime(shape);
  for (const [agent, agentQueries] of byAgent) {
    const ids = idsByAgent[agent]!;
    const memories: (ScorableMemory & { gameTime: number })[] = generateAgentMemories(shape, agent).map((memory, index) => ({
      id: ids[index]!,
      gameTime: memory.gameTime,
      importanceScore: memory.importanceScore,
      emotionalRelevance: memory.emotionalRelevance,
      lastAccessedGameTime: memory.lastAccessedGameTime,
      embedding: memory.vector,
    }));
    for (const query of agentQueries) {
      const ranked = rankMemories(memories, { embedding: query.vector, weights: settings.weights, decay: settings.decay }, now);
      const exact = ranked.slice(0, settings.limit);
      const exactIds = new Set(exact.map((entry) => entry.memory.id));
      recalls.push(query.retrieved.filter((row) => exactIds.has(row.id)).length / exact.length);
      const union = exactUnion(ranked, settings.candidates, settings.nearestCandidates ?? DEFAULT_NEAREST_CANDIDATES);
      const overUnion = rankMemories(
        memories.filter((memory) => union.has(memory.id)),
        { embedding: query.vector, weights: settings.weights, decay: settings.decay },
        now,
      );
      const unionScore = new Map(overUnion.map((entry) => [entry.memory.id, entry.score]));
      for (const row of query.retrieved) {
        // A row from an HNSW neighbour the exact nearest list lacks has no exact counterpart.
        const exactScore = unionScore.get(row.id);
        if (exactScore !== undefined) maxScoreError = Math.max(maxScoreError, Math.abs(row.score - exactScore));
      }
      ceilings.push(exact.filter((entry) => union.has(entry.memory.id)).length / exact.length);
      const byCosine = [...ranked].sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0));
      const exactNearest = new Set(byCosine.slice(0, settings.limit).map((entry) => entry.memory.id));
      bareRecalls.push(query.bare.filter((id) => exactNearest.has(id)).length / exactNearest.size);
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return {
    recall: mean(recalls),
    recallMin: Math.min(...recalls),
    perfectShare: recalls.filter((recall) => recall === 1).length / Math.max(1, recalls.length),
    unionCeiling: mean(ceilings),
    bareVectorRecall: mean(bareRecalls),
    maxScoreError,
  };
}

/** The candidate union computed exactly (true nearest, newest, most important, most emotional; ties newest first, as in SQL). */
function exactUnion(ranked: ScoredMemory<ScorableMemory & { gameTime: number }>[], size: number, nearest: number): Set<number> {
  const union = new Set<number>();
  const take = (key: (entry: (typeof ranked)[number]) => number, length: number) => {
    const sorted = [...ranked].sort((a, b) => key(b) - key(a) || b.memory.gameTime - a.memory.gameTime);
    for (const entry of sorted.slice(0, length)) union.add(entry.memory.id);
  };
  take((entry) => entry.similarity ?? 0, nearest);
  take((entry) => entry.memory.gameTime, size);
  take((entry) => Math.fround(entry.memory.importanceScore), size);
  take((entry) => Math.fround(entry.memory.emotionalRelevance), size);
  return union;
}
