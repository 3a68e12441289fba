import type { Distribution } from "../support/stats.ts";
import type { Accuracy } from "./measure.ts";

/** The targets for 100 agents x 5,000 memories on a real Postgres. */
export const TARGETS = { retrievalP95Ms: 15, p95RatioToBareVector: 2, recallAt10: 0.95 } as const;

export interface RetrievalBenchResult {
  benchmark: "retrieval";
  backend: "postgres" | "embedded";
  database: string;
  agents: number;
  memoriesPerAgent: number;
  memories: number;
  dims: number;
  queries: number;
  data: { topicsPerAgent: number; sharedTopics: number; days: number; seed: number };
  settings: { limit: number; candidates: number; nearest: number; efSearch: number; bareEfSearch: number; m: number; efConstruction: number; weights: Record<string, number>; decay: number };
  loadMs: number;
  loadRowsPerSecond: number;
  indexBuildMs: number;
  plans: { retrievalUsesHnsw: boolean; bareUsesHnsw: boolean };
  retrievalMs: Distribution;
  bareVectorMs: Distribution;
  p95RatioToBareVector: number;
  /** One batched markAccessed of the 10 retrieved memories (the write each retrieval implies). */
  markAccessedMs: Distribution;
  accuracy: Accuracy;
  targets: typeof TARGETS & { applies: boolean };
  met: { retrievalP95: boolean; ratio: boolean; recall: boolean };
  node: string;
}

export function formatTable(result: RetrievalBenchResult): string {
  const row = (name: string, d: Distribution) => `  ${name.padEnd(26)} ${fmt(d.p50)} ${fmt(d.p95)} ${fmt(d.p99)} ${fmt(d.max)}`;
  const a = result.accuracy;
  return [
    `retrieval benchmark on ${result.database}`,
    `  ${result.agents} agents x ${result.memoriesPerAgent} memories (${result.memories}), ${result.dims} dims, ${result.queries} queries; ` +
      `${result.data.topicsPerAgent} topics per agent from ${result.data.sharedTopics || "no"} shared, ${result.data.days} game days`,
    `  load ${(result.loadMs / 1000).toFixed(1)} s (${result.loadRowsPerSecond} rows/s), HNSW build ${(result.indexBuildMs / 1000).toFixed(1)} s ` +
      `(m ${result.settings.m}, ef_construction ${result.settings.efConstruction})`,
    `  candidates: nearest ${result.settings.nearest}, recent/important/emotional ${result.settings.candidates} each; ` +
      `weights ${Object.values(result.settings.weights).join(",")}; ef_search ${result.settings.efSearch} (bare: ${result.settings.bareEfSearch}); ` +
      `HNSW used: retrieval ${result.plans.retrievalUsesHnsw}, bare ${result.plans.bareUsesHnsw}`,
    "",
    `  ${"ms".padEnd(26)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(8)}`,
    row("full retrieval (top 10)", result.retrievalMs),
    row("bare vector top 10", result.bareVectorMs),
    row("markAccessed (10 ids)", result.markAccessedMs),
    `  p95 ratio retrieval / bare: ${result.p95RatioToBareVector.toFixed(2)}`,
    "",
    `  recall@${result.settings.limit} vs exact score over all memories: mean ${a.recall.toFixed(4)}, min ${a.recallMin.toFixed(2)}, perfect in ${(a.perfectShare * 100).toFixed(1)}% of queries`,
    `  candidate-union ceiling ${a.unionCeiling.toFixed(4)}; bare HNSW recall vs exact cosine ${a.bareVectorRecall.toFixed(4)}; max score error vs the same union ${a.maxScoreError.toExponential(1)}`,
    result.targets.applies
      ? `  targets: p95 < ${TARGETS.retrievalP95Ms} ms ${mark(result.met.retrievalP95)}, <= ${TARGETS.p95RatioToBareVector}x bare ${mark(result.met.ratio)}, recall >= ${TARGETS.recallAt10} ${mark(result.met.recall)}`
      : `  targets (real Postgres, 100 x 5,000) not applicable to this run; recall >= ${TARGETS.recallAt10} ${mark(result.met.recall)}`,
    "",
  ].join("\n");
}

function fmt(value: number): string {
  return value.toFixed(2).padStart(8);
}

function mark(ok: boolean): string {
  return ok ? "met" : "MISSED";
}
