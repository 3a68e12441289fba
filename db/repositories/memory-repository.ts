/**
 * The memory stream (agent_memories): batched writes, the near-duplicate write filter, embeddings and
 * access tracking. Every function costs a constant number of statements whatever the batch size:
 * PGlite in particular is slow at single-row inserts. Retrieval is in memory-retrieval.ts and the
 * per-model vector index in memory-embedding-index.ts; both are re-exported here.
 */
import type pg from "pg";
import { withTransaction } from "../client.ts";
import { toVectorLiteral, validateDimensions, validateEmbedding, validateModelName } from "./memory-embedding-validation.ts";
import { planMerges, type MergeCandidate, type MergeUpdate } from "./memory-merge.ts";
import { idsOfJsonRows, lockMemoriesInIdOrder } from "./memory-row-locks.ts";
import {
  MEMORY_TYPES,
  MemoryInputError,
  type EmbeddingSpace,
  type EmbeddingUpdate,
  type NewMemoryRecord,
  type UnembeddedMemory,
} from "./memory-records.ts";

export * from "./memory-records.ts";
export { ensureEmbeddingIndex, embeddingIndexName } from "./memory-embedding-index.ts";
export { DEFAULT_CANDIDATES, DEFAULT_NEAREST_CANDIDATES, DEFAULT_RETRIEVAL_LIMIT, retrieveMemories, type RetrievalRequest } from "./memory-retrieval.ts";
export { normalizeMemoryContent } from "./memory-merge.ts";

export type Queryable = pg.Pool | pg.ClientBase;

/** A row as insertMemories writes it; mergeCount is set by the near-duplicate filter. */
export interface MemoryInsertRow extends NewMemoryRecord {
  mergeCount?: number;
  /** Written with the row when already known (bulk loads, imports); otherwise NULL until setEmbeddings. */
  embedding?: EmbeddingSpace & { vector: readonly number[] };
}

/**
 * Inserts memories in one statement and returns their ids in input order. Rows with an `embedding` are
 * written with it (bulk loads); the usual path inserts without and calls setEmbeddings once the provider
 * answers. Everything is validated first: on a bad row nothing is written.
 */
export async function insertMemories(db: Queryable, memories: readonly MemoryInsertRow[]): Promise<number[]> {
  if (memories.length === 0) return [];
  const rows = memories.map((memory, index) => toInsertRecord(memory, index));
  const { rows: inserted } = await db.query<{ id: string }>(
    `INSERT INTO agent_memories (agent_id, memory_type, content, importance_score, emotional_relevance, tags, related_agents,
       related_players, location, game_time, last_accessed_game_time, merge_count, embedding, embedding_model)
     SELECT r.agent_id, r.memory_type, r.content, r.importance_score, r.emotional_relevance,
       ARRAY(SELECT jsonb_array_elements_text(r.tags)), ARRAY(SELECT jsonb_array_elements_text(r.related_agents)),
       ARRAY(SELECT jsonb_array_elements_text(r.related_players)), r.location, r.game_time, r.last_accessed_game_time,
       r.merge_count, r.embedding::vector, r.embedding_model
     FROM jsonb_to_recordset($1::jsonb) AS r(ord int, agent_id text, memory_type text, content text, importance_score real,
       emotional_relevance real, tags jsonb, related_agents jsonb, related_players jsonb, location text, game_time bigint,
       last_accessed_game_time bigint, merge_count int, embedding text, embedding_model text)
     ORDER BY r.ord
     RETURNING id`,
    [JSON.stringify(rows)],
  );
  // Ids come from one sequence in insertion order (the SELECT's ORDER BY), so ascending ids are input order.
  return inserted.map((row) => Number(row.id)).sort((a, b) => a - b);
}

function toInsertRecord(memory: MemoryInsertRow, index: number) {
  const where = `memories[${index}]`;
  if (typeof memory.agentId !== "string" || memory.agentId.length === 0) throw new MemoryInputError(`${where}.agentId: must be a non-empty agent id`);
  if (!MEMORY_TYPES.includes(memory.memoryType)) {
    throw new MemoryInputError(`${where}.memoryType: "${memory.memoryType}" is not one of ${MEMORY_TYPES.join(", ")}`);
  }
  if (typeof memory.content !== "string" || memory.content.trim().length === 0) throw new MemoryInputError(`${where}.content: must be non-empty text`);
  const importance = memory.importanceScore ?? 5;
  if (!Number.isFinite(importance) || importance < 0 || importance > 10) {
    throw new MemoryInputError(`${where}.importanceScore: must be a number from 0 to 10 (got ${importance})`);
  }
  const emotion = memory.emotionalRelevance ?? 0;
  if (!Number.isFinite(emotion) || emotion < 0 || emotion > 1) {
    throw new MemoryInputError(`${where}.emotionalRelevance: must be a number from 0 to 1 (got ${emotion})`);
  }
  const gameTime = wholeGameTime(memory.gameTime, `${where}.gameTime`);
  const lastAccessed = memory.lastAccessedGameTime === undefined ? gameTime : wholeGameTime(memory.lastAccessedGameTime, `${where}.lastAccessedGameTime`);
  const mergeCount = memory.mergeCount ?? 1;
  if (!Number.isInteger(mergeCount) || mergeCount < 1) throw new MemoryInputError(`${where}.mergeCount: must be a whole number >= 1`);
  let embedding: string | null = null;
  let embeddingModel: string | null = null;
  if (memory.embedding) {
    validateModelName(memory.embedding.model);
    validateDimensions(memory.embedding.dimensions);
    validateEmbedding(memory.embedding.vector, memory.embedding.dimensions, `${where}.embedding`);
    embedding = toVectorLiteral(memory.embedding.vector);
    embeddingModel = memory.embedding.model;
  }
  return {
    ord: index,
    agent_id: memory.agentId,
    memory_type: memory.memoryType,
    content: memory.content,
    importance_score: importance,
    emotional_relevance: emotion,
    tags: memory.tags ?? [],
    related_agents: memory.relatedAgents ?? [],
    related_players: memory.relatedPlayers ?? [],
    location: memory.location ?? null,
    game_time: gameTime,
    last_accessed_game_time: lastAccessed,
    merge_count: mergeCount,
    embedding,
    embedding_model: embeddingModel,
  };
}

/** How long after a first sighting (game seconds) an identical observation merges into it: half an hour. */
export const DEFAULT_MERGE_WINDOW_SECONDS = 30 * 60;

export interface RecordOptions {
  mergeWindowSeconds?: number;
}

export interface RecordedMemory {
  id: number;
  /** True when the memory was folded into an earlier one (its merge_count went up) instead of inserted. */
  merged: boolean;
}

/**
 * Writes observations through the near-duplicate filter (memory-merge.ts): a repeat of one the same agent
 * first made at most the window earlier is merged into it (merge_count + 1, last access = the repeat)
 * instead of inserted. Three statements per batch (find
 * candidates, update merged rows, insert the rest) in one transaction; with a pool it opens its own,
 * with a client it runs in the caller's. Returns, per input, the row it ended up in.
 */
export async function recordObservations(db: pg.Pool | pg.PoolClient, memories: readonly NewMemoryRecord[], options: RecordOptions = {}): Promise<RecordedMemory[]> {
  if (memories.length === 0) return [];
  const window = options.mergeWindowSeconds ?? DEFAULT_MERGE_WINDOW_SECONDS;
  if (!Number.isFinite(window) || window < 0) throw new MemoryInputError(`mergeWindowSeconds must be a number of game seconds >= 0 (got ${window})`);
  const normalised = memories.map((memory, index) => {
    toInsertRecord(memory, index); // validates every row before anything is read or written
    return { ...memory, gameTime: wholeGameTime(memory.gameTime, `memories[${index}].gameTime`) };
  });
  const work = async (client: pg.ClientBase): Promise<RecordedMemory[]> => {
    const candidates = await findMergeCandidates(client, normalised, window);
    const plan = planMerges(normalised, candidates, window);
    await applyMergeUpdates(client, plan.updates);
    const insertedIds = await insertMemories(client, plan.inserts.map((insert) => ({ ...insert.memory, mergeCount: insert.mergeCount })));
    return plan.targets.map((target) =>
      target.kind === "existing" ? { id: target.id, merged: true } : { id: insertedIds[target.index]!, merged: target.merged },
    );
  };
  return "release" in db ? work(db) : withTransaction(db, work);
}

/** Rows of the same agent and type within the window of any input, found with one join on the (agent, type, time) index. */
async function findMergeCandidates(db: pg.ClientBase, memories: readonly NewMemoryRecord[], window: number): Promise<MergeCandidate[]> {
  const ranges = new Map<string, { agent_id: string; memory_type: string; from_time: number; to_time: number }>();
  for (const memory of memories) {
    const key = JSON.stringify([memory.agentId, memory.memoryType]);
    const range = ranges.get(key);
    const from = Math.max(0, Math.floor(memory.gameTime - window));
    const to = Math.ceil(memory.gameTime + window);
    if (!range) ranges.set(key, { agent_id: memory.agentId, memory_type: memory.memoryType, from_time: from, to_time: to });
    else {
      range.from_time = Math.min(range.from_time, from);
      range.to_time = Math.max(range.to_time, to);
    }
  }
  const { rows } = await db.query<{ id: string; agent_id: string; memory_type: MergeCandidate["memoryType"]; content: string; game_time: string }>(
    `SELECT m.id, m.agent_id, m.memory_type, m.content, m.game_time
     FROM jsonb_to_recordset($1::jsonb) AS r(agent_id text, memory_type text, from_time bigint, to_time bigint)
     JOIN agent_memories m ON m.agent_id = r.agent_id AND m.memory_type = r.memory_type
       AND m.game_time BETWEEN r.from_time AND r.to_time`,
    [JSON.stringify([...ranges.values()])],
  );
  return rows.map((row) => ({ id: Number(row.id), agentId: row.agent_id, memoryType: row.memory_type, content: row.content, gameTime: Number(row.game_time) }));
}

/** Touches only columns no index covers (unless importance or emotion rise), so the updates stay HOT. */
async function applyMergeUpdates(db: pg.ClientBase, updates: readonly MergeUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await db.query(
    `${lockMemoriesInIdOrder(idsOfJsonRows("$1"))}
     UPDATE agent_memories m SET merge_count = m.merge_count + r.added,
       last_accessed_game_time = greatest(m.last_accessed_game_time, r.last_seen), last_accessed_at = now(),
       importance_score = greatest(m.importance_score, r.importance_score),
       emotional_relevance = greatest(m.emotional_relevance, r.emotional_relevance)
     FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, added int, last_seen bigint, importance_score real, emotional_relevance real)
     WHERE m.id = r.id AND m.id IN (SELECT id FROM locked)`,
    [JSON.stringify(updates.map((u) => ({ id: u.id, added: u.added, last_seen: Math.floor(u.lastSeen), importance_score: u.importanceScore, emotional_relevance: u.emotionalRelevance })))],
  );
}

/** Game times are stored as whole game seconds (bigint); a fractional clock reading is floored. */
export function wholeGameTime(value: number, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new MemoryInputError(`${where}: must be a game time in game seconds, a finite number >= 0 (got ${value})`);
  }
  return Math.floor(value);
}

/**
 * Stores embeddings for existing memories in one statement; returns how many rows were updated
 * (ids that no longer exist are skipped). Every vector is checked first (length, finite, non-zero):
 * one bad vector rejects the batch and nothing is written. A memory whose embedding failed is simply
 * not passed here and stays NULL, to be found again by listUnembedded.
 */
export async function setEmbeddings(db: Queryable, updates: readonly EmbeddingUpdate[]): Promise<number> {
  if (updates.length === 0) return 0;
  const dimensionsByModel = new Map<string, number>();
  const seen = new Set<number>();
  const rows = updates.map((update, index) => {
    const where = `embeddings[${index}] (memory ${update.id})`;
    if (!Number.isSafeInteger(update.id) || update.id < 1) throw new MemoryInputError(`embeddings[${index}].id: must be a memory id (got ${update.id})`);
    if (seen.has(update.id)) throw new MemoryInputError(`${where}: the same memory appears twice in one batch`);
    seen.add(update.id);
    validateModelName(update.model);
    validateDimensions(update.dimensions);
    const known = dimensionsByModel.get(update.model);
    if (known !== undefined && known !== update.dimensions) {
      throw new MemoryInputError(`${where}: model "${update.model}" is given as ${update.dimensions} dimensions here and ${known} earlier in the batch`);
    }
    dimensionsByModel.set(update.model, update.dimensions);
    validateEmbedding(update.embedding, update.dimensions, where);
    return { id: update.id, embedding: toVectorLiteral(update.embedding), model: update.model };
  });
  const result = await db.query(
    `${lockMemoriesInIdOrder(idsOfJsonRows("$1"))}
     UPDATE agent_memories m SET embedding = r.embedding::vector, embedding_model = r.model
     FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, embedding text, model text)
     WHERE m.id = r.id AND m.id IN (SELECT id FROM locked)`,
    [JSON.stringify(rows)],
  );
  return result.rowCount ?? 0;
}

/**
 * Memories still waiting for an embedding (a provider failed or was down), oldest first, for the retry
 * job. `afterId` pages on, so that rows which never embed (text of stop words only) cannot block the rest.
 */
export function listUnembedded(db: Queryable, limit: number, afterId = 0): Promise<UnembeddedMemory[]> {
  return listToEmbed(db, "listUnembedded", "embedding IS NULL", limit, afterId);
}

/**
 * Memories embedded by another model than `model` (or at other dimensions), in id order from `afterId`: after
 * the embedder changes (a new default offline embedder, another OpenAI model), these recall as unrelated
 * (cosine 0) until re-embedded. Not indexed: a process pages through them once (PostgresMemory.reembedOthers).
 */
export function listEmbeddedByOtherModel(db: Queryable, limit: number, afterId: number, model: string, dimensions: number): Promise<UnembeddedMemory[]> {
  return listToEmbed(db, "listEmbeddedByOtherModel", "embedding IS NOT NULL AND (embedding_model <> $3 OR vector_dims(embedding) <> $4)", limit, afterId, [model, dimensions]);
}

/** A page of memories matching `condition` (which may use $3 on, from `more`), in id order after `afterId`. */
async function listToEmbed(db: Queryable, caller: string, condition: string, limit: number, afterId: number, more: unknown[] = []): Promise<UnembeddedMemory[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new MemoryInputError(`${caller}: limit must be a positive whole number (got ${limit})`);
  if (!Number.isSafeInteger(afterId) || afterId < 0) throw new MemoryInputError(`${caller}: afterId must be a memory id or 0 (got ${afterId})`);
  const { rows } = await db.query<{ id: string; agent_id: string; content: string }>(
    `SELECT id, agent_id, content FROM agent_memories WHERE ${condition} AND id > $2 ORDER BY id LIMIT $1`,
    [limit, afterId, ...more],
  );
  return rows.map((row) => ({ id: Number(row.id), agentId: row.agent_id, content: row.content }));
}

/**
 * Records that memories were retrieved at `nowGameTime`: recency restarts from there (Park et al. decay
 * recency from the last access, not from creation). One statement for the whole batch; an id listed
 * twice counts once. The access time never moves backwards (an admin may rewind the clock).
 */
export async function markAccessed(db: Queryable, ids: readonly number[], nowGameTime: number): Promise<number> {
  if (ids.length === 0) return 0;
  for (const id of ids) if (!Number.isSafeInteger(id) || id < 1) throw new MemoryInputError(`markAccessed: ${id} is not a memory id`);
  const now = wholeGameTime(nowGameTime, "markAccessed: nowGameTime");
  const result = await db.query(
    `${lockMemoriesInIdOrder("$1::bigint[]")}
     UPDATE agent_memories SET last_accessed_game_time = greatest(last_accessed_game_time, $2::bigint),
       last_accessed_at = now(), access_count = access_count + 1
     WHERE id IN (SELECT id FROM locked)`,
    [[...new Set(ids)], now],
  );
  return result.rowCount ?? 0;
}
