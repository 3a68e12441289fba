/**
 * Memory benchmark: does an agent recall a fact it was told in passing, a week later, when asked about
 * it in other words? Judged by planted facts coming back, not by agreement with the score's own formula.
 *
 *   npm run bench:memory                                   # every embedder that can run here, embedded PGlite
 *   npm run bench:memory -- --embedder local-hash-1024 --json
 *   source scripts/services/env.sh && npm run bench:memory  # real Postgres (throwaway database)
 *
 * Progress goes to stderr; stdout gets a table, or with --json exactly one JSON object.
 */
import os from "node:os";
import { openBenchDatabase } from "./retrieval/database.ts";
import { chooseEmbedders, type BenchEmbedder } from "./memory/embedders.ts";
import { checkFactPool, FACTS } from "./memory/facts.ts";
import { askQuestions, loadStreams, RETRIEVAL_LIMIT, type EmbedderRun } from "./memory/measure.ts";
import { OptionsError, parseMemoryOptions, USAGE, type MemoryBenchOptions } from "./memory/options.ts";
import { formatTable, summarise, type EmbedderResult, type MemoryBenchResult } from "./memory/report.ts";
import { generateStream, nowGameTime, type AgentStream } from "./memory/stream.ts";
import { readTown, type Town } from "./memory/town.ts";

function progress(line: string): void {
  process.stderr.write(`bench:memory: ${line}\n`);
}

async function main(): Promise<void> {
  let options: MemoryBenchOptions | "help";
  let embedders: BenchEmbedder[];
  try {
    options = parseMemoryOptions(process.argv.slice(2));
    if (options === "help") {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    embedders = chooseEmbedders(options.embedder, process.env);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`bench:memory: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  checkFactPool(FACTS);
  const world = await readTown(options.worldDir);
  const town = options.weights ? { ...world, retrieval: { ...world.retrieval, weights: options.weights } } : world;
  const agents = Math.min(options.agents ?? town.people.length, town.people.length);
  const shape = { days: options.days, factsPerAgent: options.factsPerAgent, seed: options.seed };
  const streams = Array.from({ length: agents }, (_, index) => generateStream(town, index, shape));
  const results: EmbedderResult[] = [];
  let database = { backend: "embedded" as MemoryBenchResult["backend"], description: "" };
  for (const embedder of embedders) {
    const { run, backend, description, model } = await measureEmbedder(embedder, town, streams, nowGameTime(shape));
    database = { backend, description };
    results.push(summarise(embedder, model, run));
  }
  const memories = streams.flatMap((stream) => stream.memories);
  const byType: Record<string, number> = {};
  for (const memory of memories) byType[memory.memoryType] = (byType[memory.memoryType] ?? 0) + 1;
  const result: MemoryBenchResult = {
    benchmark: "memory",
    backend: database.backend,
    database: database.description,
    world: town.worldId,
    data: {
      agents,
      days: options.days,
      seed: options.seed,
      memories: memories.length,
      memoriesPerAgent: { min: Math.min(...streams.map((stream) => stream.memories.length)), max: Math.max(...streams.map((stream) => stream.memories.length)) },
      byType,
      facts: streams.reduce((sum, stream) => sum + stream.planted.length, 0),
      questions: results[0]?.questions ?? 0,
    },
    retrieval: { weights: { ...town.retrieval.weights }, decay: town.retrieval.decay, limit: RETRIEVAL_LIMIT },
    embedders: results,
    node: `${process.version} on ${os.cpus().length} CPU(s)`,
  };
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatTable(result));
}

/** One embedder, in a throwaway database of its own. */
async function measureEmbedder(embedder: BenchEmbedder, town: Town, streams: readonly AgentStream[], now: number) {
  const provider = embedder.create(process.env);
  const bench = await openBenchDatabase();
  progress(`${embedder.name} (${provider.model}, ${provider.dimensions} dims) on ${bench.description}`);
  const stop = () => {
    // Ctrl-C: drop the throwaway database before leaving.
    void bench.dispose().finally(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  try {
    const loadStarted = performance.now();
    const factIds = await loadStreams(bench.db, town, streams, provider, progress);
    const loadMs = performance.now() - loadStarted;
    progress(`${embedder.name}: asking the questions`);
    const asked = await askQuestions(bench.db, town, streams, factIds, provider, now);
    const run: EmbedderRun = { memories: streams.reduce((sum, stream) => sum + stream.memories.length, 0), loadMs, ...asked };
    return { run, backend: bench.backend, description: bench.description, model: { model: provider.model, dimensions: provider.dimensions } };
  } finally {
    process.removeListener("SIGINT", stop);
    await bench.dispose();
  }
}

await main();
