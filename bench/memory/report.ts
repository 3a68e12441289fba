import { distributionOf, type Distribution } from "../support/stats.ts";
import type { BenchEmbedder } from "./embedders.ts";
import { QUESTION_KINDS, type QuestionKind } from "./facts.ts";
import type { AskedQuestion, EmbedderRun } from "./measure.ts";

/** Issue 14's targets: what an agent must recall of a fact it was told in passing. */
export const TARGETS = {
  /** An embedder that knows meaning (semantic): recall@3 over all questions. */
  semanticRecallAt3: 0.9,
  /** The hashing embedder, on questions that share a word with the fact. */
  hashingSharesWordRecallAt3: 0.9,
} as const;

export interface Recall {
  questions: number;
  recallAt3: number;
  recallAt10: number;
}

export interface EmbedderResult extends Recall {
  name: string;
  model: string;
  dimensions: number;
  semantic: boolean;
  memories: number;
  loadMs: number;
  kinds: Record<QuestionKind, Recall>;
  retrievalMs: Distribution;
  /** Embedding one question (not part of the retrieval statement). */
  queryEmbeddingMs: Distribution;
  target: { what: string; value: number; achieved: number; met: boolean };
  /** A few questions the target counts whose fact did not come back in the top 3, with what came first instead. */
  missed: { agent: string; kind: QuestionKind; question: string; fact: string; rank: number | null; first: string | undefined }[];
}

export interface MemoryBenchResult {
  benchmark: "memory";
  backend: "postgres" | "embedded";
  database: string;
  world: string;
  data: { agents: number; days: number; seed: number; memories: number; memoriesPerAgent: { min: number; max: number }; byType: Record<string, number>; facts: number; questions: number };
  retrieval: { weights: Record<string, number>; decay: number; limit: number };
  embedders: EmbedderResult[];
  node: string;
}

const MISSED_SHOWN = 5;

export function summarise(embedder: BenchEmbedder, model: { model: string; dimensions: number }, run: EmbedderRun): EmbedderResult {
  const overall = recallOf(run.questions);
  const kinds = Object.fromEntries(QUESTION_KINDS.map((kind) => [kind, recallOf(run.questions.filter((question) => question.kind === kind))])) as Record<QuestionKind, Recall>;
  const target = embedder.semantic
    ? { what: "recall@3 over all questions", value: TARGETS.semanticRecallAt3, achieved: overall.recallAt3 }
    : { what: "recall@3 on shares-word questions", value: TARGETS.hashingSharesWordRecallAt3, achieved: kinds["shares-word"].recallAt3 };
  return {
    name: embedder.name,
    model: model.model,
    dimensions: model.dimensions,
    semantic: embedder.semantic,
    memories: run.memories,
    loadMs: Math.round(run.loadMs),
    ...overall,
    kinds,
    retrievalMs: distributionOf(run.retrievalMs),
    queryEmbeddingMs: distributionOf(run.queryEmbeddingMs),
    target: { ...target, met: target.achieved >= target.value },
    // The misses that count against the target: for word matching, those of questions that share a word.
    missed: run.questions.filter((question) => (embedder.semantic || question.kind === "shares-word") && (question.rank === null || question.rank > 3)).slice(0, MISSED_SHOWN),
  };
}

function recallOf(questions: readonly AskedQuestion[]): Recall {
  const share = (k: number) => round3(questions.filter((question) => question.rank !== null && question.rank <= k).length / Math.max(1, questions.length));
  return { questions: questions.length, recallAt3: share(3), recallAt10: share(10) };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function formatTable(result: MemoryBenchResult): string {
  const d = result.data;
  const header = `  ${"embedder".padEnd(18)} ${"questions".padEnd(13)} ${"n".padStart(4)} ${"recall@3".padStart(9)} ${"recall@10".padStart(10)}`;
  const rows = result.embedders.flatMap((embedder) => [
    row(embedder.name, "all", embedder),
    ...QUESTION_KINDS.map((kind) => row("", kind, embedder.kinds[kind])),
  ]);
  const latency = result.embedders.map(
    (embedder) =>
      `  ${embedder.name.padEnd(18)} retrieval p50 ${embedder.retrievalMs.p50.toFixed(2)} ms, p95 ${embedder.retrievalMs.p95.toFixed(2)} ms; ` +
      `question embedding p95 ${embedder.queryEmbeddingMs.p95.toFixed(2)} ms; load ${(embedder.loadMs / 1000).toFixed(1)} s`,
  );
  const targets = result.embedders.map((embedder) => `  ${embedder.name.padEnd(18)} ${embedder.target.what} ${embedder.target.achieved.toFixed(3)} (target ${embedder.target.value}): ${embedder.target.met ? "met" : "MISSED"}`);
  const missed = result.embedders.flatMap((embedder) =>
    embedder.missed.slice(0, 3).map((miss) => `  ${embedder.name}: "${miss.question}" (${miss.kind}) -> fact ${miss.rank === null ? "not in top 10" : `at ${miss.rank}`}; first: ${miss.first}`),
  );
  return [
    `memory benchmark on ${result.database}`,
    `  world ${result.world}: ${d.agents} agents x ${d.days} game days, ${d.memories} memories (${d.memoriesPerAgent.min}-${d.memoriesPerAgent.max} per agent: ` +
      `${Object.entries(d.byType).map(([type, count]) => `${count} ${type}`).join(", ")}); ${d.facts} planted facts, ${d.questions} questions`,
    `  retrieval: weights ${Object.entries(result.retrieval.weights).map(([name, weight]) => `${name} ${weight}`).join(", ")}; decay ${result.retrieval.decay}/game hour; top ${result.retrieval.limit}`,
    "",
    header,
    ...rows,
    "",
    ...latency,
    "",
    "  targets:",
    ...targets,
    ...(missed.length > 0 ? ["", "  some misses:", ...missed] : []),
    "",
  ].join("\n");
}

function row(name: string, kind: string, recall: Recall): string {
  return `  ${name.padEnd(18)} ${kind.padEnd(13)} ${String(recall.questions).padStart(4)} ${recall.recallAt3.toFixed(3).padStart(9)} ${recall.recallAt10.toFixed(3).padStart(10)}`;
}
