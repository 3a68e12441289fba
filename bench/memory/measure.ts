import type { Database } from "../../db/client.ts";
import { insertBareAgents } from "../../db/repositories/agent-repository.ts";
import { analyzeMemories } from "../../db/repositories/memory-maintenance-repository.ts";
import { ensureEmbeddingIndex, insertMemories, retrieveMemories, type RetrievedMemory } from "../../db/repositories/memory-repository.ts";
import { insertBareWorld } from "../../db/repositories/world-repository.ts";
import type { EmbeddingProvider } from "../../src/llm/task.ts";
import type { QuestionKind } from "./facts.ts";
import type { AgentStream } from "./stream.ts";
import type { Town } from "./town.ts";

/** What the engine asks for when an agent recalls (agents/memory/postgres-memory.ts). */
export const RETRIEVAL_LIMIT = 10;
/** Texts per embed() call while loading (the OpenAI embedder splits further by its own batch limit). */
const EMBED_BATCH = 256;
const INSERT_BATCH = 500;
/** Retrievals run before timing starts, so that the first ones do not pay for cold caches. */
const WARMUP_QUERIES = 5;

export interface AskedQuestion {
  agent: string;
  kind: QuestionKind;
  question: string;
  fact: string;
  /** 1-based position of the fact among the retrieved memories, null when it was not among them. */
  rank: number | null;
  /** What came first instead, when the fact did not. */
  first: string | undefined;
}

export interface EmbedderRun {
  memories: number;
  loadMs: number;
  questions: AskedQuestion[];
  retrievalMs: number[];
  queryEmbeddingMs: number[];
}

/** Writes every stream, embedded by `embedder`, and returns the database id of each planted fact, per agent. */
export async function loadStreams(db: Database, town: Town, streams: readonly AgentStream[], embedder: EmbeddingProvider, progress: (line: string) => void): Promise<number[][]> {
  await insertBareWorld(db.pool, town.worldId, "Memory bench");
  await insertBareAgents(db.pool, town.worldId, streams.map((stream) => stream.person));
  const factIds: number[][] = [];
  for (const stream of streams) {
    const vectors: number[][] = [];
    for (let start = 0; start < stream.memories.length; start += EMBED_BATCH) {
      vectors.push(...(await embedder.embed(stream.memories.slice(start, start + EMBED_BATCH).map((memory) => memory.content))));
    }
    const ids: number[] = [];
    for (let start = 0; start < stream.memories.length; start += INSERT_BATCH) {
      const rows = stream.memories.slice(start, start + INSERT_BATCH).map((memory, offset) => ({
        agentId: stream.person.id,
        ...memory,
        embedding: { model: embedder.model, dimensions: embedder.dimensions, vector: vectors[start + offset]! },
      }));
      ids.push(...(await insertMemories(db.pool, rows)));
    }
    factIds.push(stream.planted.map((planted) => ids[planted.index]!));
    progress(`${stream.person.id}: ${stream.memories.length} memories written`);
  }
  await ensureEmbeddingIndex(db.pool, embedder.model, embedder.dimensions);
  await analyzeMemories(db.pool);
  return factIds;
}

/**
 * One question, through the retrieval statement the engine uses, with the request PostgresMemory.retrieve
 * builds (a test keeps the two in step) but without its markAccessed: that would make what one question
 * retrieves more recent for the next, so the figures would depend on the order of the questions.
 */
export function recall(db: Database, town: Town, embedder: EmbeddingProvider, agentId: string, queryEmbedding: readonly number[], nowGameTime: number): Promise<RetrievedMemory[]> {
  return retrieveMemories(db.pool, {
    agentId,
    queryEmbedding,
    model: embedder.model,
    nowGameTime,
    weights: town.retrieval.weights,
    decay: town.retrieval.decay,
    limit: RETRIEVAL_LIMIT,
  });
}

/** Asks every question about every planted fact (all of one kind, then the other), timing each retrieval. */
export async function askQuestions(
  db: Database,
  town: Town,
  streams: readonly AgentStream[],
  factIds: readonly number[][],
  embedder: EmbeddingProvider,
  nowGameTime: number,
): Promise<Pick<EmbedderRun, "questions" | "retrievalMs" | "queryEmbeddingMs">> {
  const asks = streams.flatMap((stream, agent) =>
    stream.planted.flatMap(({ fact }, factIndex) =>
      (["shares-word", "paraphrase"] as const).flatMap((kind) =>
        (kind === "shares-word" ? fact.sharesWord : fact.paraphrase).map((question) => ({ agent, kind, question, factId: factIds[agent]![factIndex]!, fact: stream.memories[stream.planted[factIndex]!.index]!.content })),
      ),
    ),
  );
  const retrieve = (agent: number, embedding: number[]) => recall(db, town, embedder, streams[agent]!.person.id, embedding, nowGameTime);
  const result: Pick<EmbedderRun, "questions" | "retrievalMs" | "queryEmbeddingMs"> = { questions: [], retrievalMs: [], queryEmbeddingMs: [] };
  for (const [index, ask] of asks.entries()) {
    const embedStarted = performance.now();
    const [embedding] = await embedder.embed([ask.question]);
    result.queryEmbeddingMs.push(performance.now() - embedStarted);
    if (index < WARMUP_QUERIES) await retrieve(ask.agent, embedding!);
    const started = performance.now();
    const memories = await retrieve(ask.agent, embedding!);
    result.retrievalMs.push(performance.now() - started);
    const position = memories.findIndex((memory) => memory.id === ask.factId);
    result.questions.push({
      agent: streams[ask.agent]!.person.id,
      kind: ask.kind,
      question: ask.question,
      fact: ask.fact,
      rank: position < 0 ? null : position + 1,
      first: position === 0 ? undefined : memories[0]?.content,
    });
  }
  return result;
}
