/**
 * Retrieval benchmark: memory retrieval (db/repositories/memory-retrieval.ts) against the bare pgvector
 * top-10 query on the same data, and recall@10 of the retrieval against the exact score in TypeScript.
 *
 *   npm run bench:retrieval -- --agents 10 --memories-per-agent 1000 --json              # embedded PGlite
 *   source scripts/services/env.sh && npm run bench:retrieval -- --agents 100 --memories-per-agent 5000
 *
 * Progress goes to stderr; stdout gets a table, or with --json exactly one JSON object.
 */
import os from "node:os";
import { DEFAULT_RECENCY_DECAY, validateRetrievalWeights } from "../agents/memory/retrieval-score.ts";
import { analyzeMemories } from "../db/repositories/memory-maintenance-repository.ts";
import { ensureEmbeddingIndex } from "../db/repositories/memory-repository.ts";
import { buildRetrieval, DEFAULT_NEAREST_CANDIDATES } from "../db/repositories/memory-retrieval.ts";
import { BARE_EF_SEARCH, explainRetrievalPlans } from "../db/repositories/memory-retrieval-plans.ts";
import { distributionOf, round3 } from "./support/stats.ts";
import { openBenchDatabase } from "./retrieval/database.ts";
import { loadMemories } from "./retrieval/load.ts";
import { measureAccuracy, retrievalRequest, runQueries, timeMarkAccessed, type QuerySettings } from "./retrieval/measure.ts";
import { OptionsError, parseRetrievalOptions, USAGE, type RetrievalBenchOptions } from "./retrieval/options.ts";
import { formatTable, TARGETS, type RetrievalBenchResult } from "./retrieval/report.ts";

/** Memory for the HNSW build on a real Postgres: the whole graph of 500k x 256 dims fits, which builds several times faster. */
const BUILD_MEMORY_MB = 2048;
/** markAccessed calls timed after the accuracy queries (each after a retrieval, on the ids it returned). */
const MARK_ACCESSED_SAMPLES = 100;

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function progress(line: string): void {
  process.stderr.write(`bench:retrieval: ${line}\n`);
}

async function main(): Promise<void> {
  let options: RetrievalBenchOptions | "help";
  try {
    options = parseRetrievalOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`bench:retrieval: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const result = await run(options);
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatTable(result));
}

async function run(options: RetrievalBenchOptions): Promise<RetrievalBenchResult> {
  const bench = await openBenchDatabase();
  progress(`backend: ${bench.description}`);
  const stop = () => {
    // Ctrl-C: drop the throwaway database before leaving.
    void bench.dispose().finally(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  try {
    const model = `bench-clustered-${options.dims}`;
    const shape = { ...options, model };
    const loadStarted = performance.now();
    const ids = await loadMemories(bench.db, shape, progress);
    const loadMs = performance.now() - loadStarted;
    progress(`loaded ${options.agents * options.memoriesPerAgent} memories in ${(loadMs / 1000).toFixed(1)} s; building the HNSW index`);
    const buildStarted = performance.now();
    await ensureEmbeddingIndex(bench.db.pool, model, options.dims, {
      m: options.m,
      efConstruction: options.efConstruction,
      maintenanceWorkMemMb: bench.backend === "postgres" ? BUILD_MEMORY_MB : undefined,
    });
    const indexBuildMs = performance.now() - buildStarted;
    progress(`index built in ${(indexBuildMs / 1000).toFixed(1)} s; vacuum analyze`);
    await analyzeMemories(bench.db.pool);

    const settings: QuerySettings = {
      model,
      weights: validateRetrievalWeights(options.weights, "--weights"),
      decay: DEFAULT_RECENCY_DECAY,
      limit: options.limit,
      candidates: options.candidates,
      nearestCandidates: options.nearest,
      efSearch: options.efSearch,
    };
    const probe = retrievalRequest(shape, settings, 0, new Array(options.dims).fill(1));
    const plans = await explainRetrievalPlans(bench.db.pool, probe);
    if (!plans.retrievalUsesHnsw) progress(`note: the planner did not use the HNSW index for the similarity list:\n${plans.retrievalPlan}`);
    const timings = await runQueries(bench.db, shape, settings, options, progress);
    progress("computing the exact ranking in TypeScript");
    const accuracy = measureAccuracy(shape, settings, ids, timings.queries);
    progress("timing markAccessed after retrievals");
    const markAccessedMs = distributionOf(await timeMarkAccessed(bench.db, shape, settings, Math.min(options.queries, MARK_ACCESSED_SAMPLES)));
    const retrievalMs = distributionOf(timings.retrievalMs);
    const bareVectorMs = distributionOf(timings.bareMs);
    const ratio = retrievalMs.p95 / Math.max(bareVectorMs.p95, 1e-6);
    const applies = bench.backend === "postgres" && options.agents >= 100 && options.memoriesPerAgent >= 5000;
    return {
      benchmark: "retrieval",
      backend: bench.backend,
      database: bench.description,
      agents: options.agents,
      memoriesPerAgent: options.memoriesPerAgent,
      memories: options.agents * options.memoriesPerAgent,
      dims: options.dims,
      queries: options.queries,
      data: { topicsPerAgent: options.topics, sharedTopics: options.sharedTopics, days: options.days, seed: options.seed },
      settings: {
        limit: options.limit,
        candidates: options.candidates,
        nearest: options.nearest ?? DEFAULT_NEAREST_CANDIDATES,
        efSearch: buildRetrieval(probe).efSearch,
        bareEfSearch: BARE_EF_SEARCH,
        m: options.m,
        efConstruction: options.efConstruction,
        weights: { ...settings.weights },
        decay: settings.decay,
      },
      loadMs: Math.round(loadMs),
      loadRowsPerSecond: Math.round((options.agents * options.memoriesPerAgent) / (loadMs / 1000)),
      indexBuildMs: Math.round(indexBuildMs),
      plans: { retrievalUsesHnsw: plans.retrievalUsesHnsw, bareUsesHnsw: plans.bareUsesHnsw },
      retrievalMs,
      bareVectorMs,
      p95RatioToBareVector: round3(ratio),
      markAccessedMs,
      accuracy: {
        ...accuracy,
        recall: round4(accuracy.recall),
        unionCeiling: round4(accuracy.unionCeiling),
        bareVectorRecall: round4(accuracy.bareVectorRecall),
        perfectShare: round4(accuracy.perfectShare),
      },
      targets: { ...TARGETS, applies },
      met: {
        retrievalP95: retrievalMs.p95 < TARGETS.retrievalP95Ms,
        ratio: ratio <= TARGETS.p95RatioToBareVector,
        recall: accuracy.recall >= TARGETS.recallAt10,
      },
      node: `${process.version} on ${os.cpus().length} CPU(s)`,
    };
  } finally {
    process.removeListener("SIGINT", stop);
    await bench.dispose();
  }
}

await main();
