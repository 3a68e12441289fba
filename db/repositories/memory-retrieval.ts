/**
 * Memory retrieval in one SQL statement: a candidate union re-ranked by the score of
 * agents/memory/retrieval-score.ts (Park et al., each component min-max normalised over the candidates,
 * relevance then sharpened),
 * computed in SQL with the same formula: the result equals rankMemories over the candidate union, and
 * agrees with rankMemories over the agent's whole stream as far as the union holds its top memories and
 * its extremes (bench/retrieval.ts measures recall@10 against the whole stream).
 *
 * Candidates, all for one agent:
 *   nearest    `nearestCandidates` closest by cosine distance through the model's partial HNSW index
 *              (iterative scan, so that the agent filter does not starve the result at ef_search rows)
 *   recent     `candidates` newest by game_time
 *   important  `candidates` highest importance_score, newest first among equals (mostly whole numbers)
 *   emotional  `candidates` highest emotional_relevance, newest first among equals
 *   accessed   ids the caller recently retrieved (`alsoConsider`): recency counts from the last access,
 *              which is deliberately not indexed (see migration 002), so an old memory recalled a moment
 *              ago is brought in this way
 * Similarity alone misses memories that win on the other components; the union catches them.
 * Memories without an embedding, or embedded by another model (or the same model at another dimension),
 * enter only through the other lists and get relevance 0.5 (cosine 0).
 */
import type pg from "pg";
import { withClient } from "../client.ts";
import { MAX_INDEXED_DIMENSIONS, toVectorLiteral, validateDimensions, validateEmbedding, validateModelName } from "./memory-embedding-validation.ts";
import { EQUAL_COMPONENT, EQUAL_SPREAD, MemoryInputError, RELEVANCE_SHARPNESS, type MemoryType, type RetrievalWeights, type RetrievedMemory } from "./memory-records.ts";

export interface RetrievalRequest {
  agentId: string;
  /** The query's embedding in `model`; null when there is none (embedder down): relevance is then 0.5 for all. */
  queryEmbedding: readonly number[] | null;
  model: string | null;
  /** Game seconds since day 1, 00:00. */
  nowGameTime: number;
  /** Validated per world (validateRetrievalWeights in agents/memory/retrieval-score.ts). */
  weights: RetrievalWeights;
  /** Recency decay per game hour, e.g. 0.995. */
  decay: number;
  /** Memories returned (default 10). */
  limit?: number;
  /** Length of the recent, important and emotional candidate lists. */
  candidates?: number;
  /** Length of the nearest-by-cosine list. */
  nearestCandidates?: number;
  /** Memory ids to consider besides the lists (the caller's recently retrieved ones); other agents' ids are ignored. */
  alsoConsider?: readonly number[];
  /** hnsw.ef_search for the nearest list (default: its length, at least 40). */
  efSearch?: number;
}

export const DEFAULT_RETRIEVAL_LIMIT = 10;
/**
 * Tuned with bench/retrieval.ts: these lists are cheap index scans, and with the nearest list they hold
 * the extremes each component is normalised over. At 30 instead of 100, recall@10 fell from 0.95 to 0.84 (100 nearest;
 * 10 agents x 5,000 memories, Postgres 15, pgvector 0.8.0): the top 10 holds on-topic memories that are
 * also important, which the important list brings in.
 */
export const DEFAULT_CANDIDATES = 100;
/**
 * The nearest list is the expensive one (the agent-filtered HNSW scan grows with it, and so does the planner's
 * estimate: at 150 and 1,124 dimensions it preferred reading all of an agent's 5,000 memories, p95 40 ms
 * against the bare query's 7.5). With relevance sharpened (retrieval-score.ts), the true top 10 lies among
 * the nearest few dozen: recall@10 against the exact score at 10 agents x 5,000 memories, Postgres 15, pgvector
 * 0.8.0: 0.962 at 50, 0.981-0.983 at 75-100, 0.991 at 150 (1,124 dimensions); 0.953 at 50, 0.97 at 75-150
 * (256). At 50 the p95 was 1.5-1.8 times the bare top-10 query's, at 100 and more 2.1-5.3 times.
 */
export const DEFAULT_NEAREST_CANDIDATES = 50;
/**
 * pgvector's default ef_search. With the iterative scan it is the first beam only; raising it to 100 or 200
 * changed neither recall nor the candidate lists measurably in bench/retrieval.ts, only the time.
 */
const MIN_EF_SEARCH = 40;
const MAX_EF_SEARCH = 1000;

interface RetrievalRow {
  id: string;
  agent_id: string;
  memory_type: MemoryType;
  content: string;
  importance_score: number;
  emotional_relevance: number;
  game_time: string;
  last_accessed_game_time: string;
  access_count: number;
  merge_count: number;
  embedding_model: string | null;
  similarity: number | null;
  recency: number;
  importance: number;
  emotion: number;
  relevance: number;
  score: number;
}

/**
 * Runs in a transaction of its own (pool) or of the caller (client already inside BEGIN): the HNSW scan
 * settings are SET LOCAL, so they must share the query's transaction and end with it.
 */
export async function retrieveMemories(db: pg.Pool | pg.PoolClient, request: RetrievalRequest): Promise<RetrievedMemory[]> {
  const { sql, params, efSearch } = buildRetrieval(request);
  const settings = `SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = ${efSearch}`;
  if (!("release" in db)) {
    return withClient(db, async (client) => {
      try {
        await client.query(`BEGIN READ ONLY; ${settings}`);
        const { rows } = await client.query<RetrievalRow>(sql, params);
        await client.query("COMMIT");
        return rows.map(toRetrievedMemory);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    });
  }
  await db.query(settings);
  const { rows } = await db.query<RetrievalRow>(sql, params);
  return rows.map(toRetrievedMemory);
}

/** The statement and its parameters; exported for EXPLAIN in tests and the benchmark. */
export function buildRetrieval(request: RetrievalRequest): { sql: string; params: unknown[]; efSearch: number } {
  const limit = request.limit ?? DEFAULT_RETRIEVAL_LIMIT;
  const candidates = request.candidates ?? DEFAULT_CANDIDATES;
  wholeNumberIn("limit", limit, 1, 1000);
  wholeNumberIn("candidates", candidates, 1, 10_000);
  const nearest = request.nearestCandidates ?? DEFAULT_NEAREST_CANDIDATES;
  wholeNumberIn("nearestCandidates", nearest, 1, 10_000);
  const efSearch = request.efSearch ?? Math.min(MAX_EF_SEARCH, Math.max(MIN_EF_SEARCH, nearest));
  wholeNumberIn("efSearch", efSearch, 1, MAX_EF_SEARCH);
  if (typeof request.agentId !== "string" || request.agentId.length === 0) throw new MemoryInputError("retrieveMemories: agentId must be a non-empty agent id");
  if (!Number.isFinite(request.nowGameTime)) throw new MemoryInputError(`retrieveMemories: nowGameTime must be a finite game time (got ${request.nowGameTime})`);
  const alsoConsider = request.alsoConsider ?? [];
  for (const id of alsoConsider) if (!Number.isSafeInteger(id) || id < 1) throw new MemoryInputError(`retrieveMemories: alsoConsider holds ${id}, which is not a memory id`);
  checkScoreParameters(request.weights, request.decay);
  const w = request.weights;
  const params = [request.agentId, candidates, request.nowGameTime, request.decay, w.recency, w.importance, w.emotion, w.relevance, limit, alsoConsider];
  if (request.queryEmbedding === null) return { sql: retrievalSql(null), params, efSearch };
  if (request.model === null) throw new MemoryInputError("retrieveMemories: a query embedding needs the model that made it");
  validateModelName(request.model);
  const dimensions = validateDimensions(request.queryEmbedding.length, MAX_INDEXED_DIMENSIONS);
  validateEmbedding(request.queryEmbedding, dimensions, "retrieveMemories: query embedding");
  return { sql: retrievalSql(dimensions), params: [...params, request.model, toVectorLiteral(request.queryEmbedding), nearest], efSearch };
}

/**
 * $1 agent, $2 length of the recent/important/emotional lists, $3 now (game s), $4 decay per game hour,
 * $5-$8 weights (recency, importance, emotion, relevance), $9 limit, $10 ids to also consider, and with a
 * query vector $11 model, $12 vector, $13 length of the nearest list. The cast to vector(D) and the
 * vector_dims(embedding) = D filter must match the index (memory-embedding-index.ts) exactly, so D (a
 * validated integer) is written into the text; the model stays a parameter: node-postgres sends unnamed
 * statements, which Postgres plans with the actual values, so the partial index predicate
 * (embedding_model = '<model>') is provable.
 */
function retrievalSql(dimensions: number | null): string {
  const vector = dimensions === null ? null : `::vector(${dimensions})`;
  const nearest = vector
    ? `(SELECT id FROM agent_memories
        WHERE agent_id = $1 AND embedding_model = $11 AND vector_dims(embedding) = ${dimensions}
        ORDER BY (embedding${vector}) <=> $12${vector}
        LIMIT $13)
      UNION `
    : "";
  const similarity = vector
    ? `CASE WHEN m.embedding_model = $11 AND vector_dims(m.embedding) = ${dimensions} THEN 1 - ((m.embedding${vector}) <=> $12${vector}) END`
    : "NULL::float8";
  // raw is MATERIALIZED so that each component is computed once per candidate: inlined into the window of
  // components, its expressions (the cosine, the power) ran again for every min, max and difference using them.
  return `WITH candidate AS (
      ${nearest}(SELECT id FROM agent_memories WHERE agent_id = $1 ORDER BY game_time DESC LIMIT $2)
      UNION (SELECT id FROM agent_memories WHERE agent_id = $1 ORDER BY importance_score DESC, game_time DESC LIMIT $2)
      UNION (SELECT id FROM agent_memories WHERE agent_id = $1 ORDER BY emotional_relevance DESC, game_time DESC LIMIT $2)
      UNION SELECT unnest($10::bigint[])
    ),
    raw AS MATERIALIZED (
      SELECT m.id, m.agent_id, m.memory_type, m.content, m.importance_score, m.emotional_relevance, m.game_time,
        m.last_accessed_game_time, m.access_count, m.merge_count, m.embedding_model, sim.similarity,
        power($4::float8, greatest(0, $3::float8 - m.last_accessed_game_time) / 3600) AS raw_recency,
        least(1, greatest(0, m.importance_score::float8 / 10)) AS raw_importance,
        least(1, greatest(0, m.emotional_relevance::float8)) AS raw_emotion,
        least(1, greatest(0, (1 + coalesce(sim.similarity, 0)) / 2)) AS raw_relevance
      FROM candidate c
      JOIN agent_memories m ON m.id = c.id AND m.agent_id = $1
      CROSS JOIN LATERAL (SELECT ${similarity} AS similarity) sim
    ),
    components AS (
      SELECT id, agent_id, memory_type, content, importance_score, emotional_relevance, game_time,
        last_accessed_game_time, access_count, merge_count, embedding_model, similarity,
        ${minMaxOverCandidates("raw_recency")} AS recency,
        ${minMaxOverCandidates("raw_importance")} AS importance,
        ${minMaxOverCandidates("raw_emotion")} AS emotion,
        ${minMaxOverCandidates("raw_relevance", RELEVANCE_SHARPNESS)} AS relevance
      FROM raw
      WINDOW candidates AS ()
    )
    SELECT *, $5::float8 * recency + $6::float8 * importance + $7::float8 * emotion + $8::float8 * relevance AS score
    FROM components
    ORDER BY score DESC, id DESC
    LIMIT $9`;
}

/** minMaxNormalise (agents/memory/retrieval-score.ts) over the candidate union, as a window over all of it. */
function minMaxOverCandidates(column: string, sharpness = 1): string {
  const min = `min(${column}) OVER candidates`;
  const spread = `(max(${column}) OVER candidates - ${min})`;
  const normalised = `(${column} - ${min}) / ${spread}`;
  return `CASE WHEN ${spread} > ${EQUAL_SPREAD} THEN ${sharpness === 1 ? normalised : `power(${normalised}, ${sharpness})`} ELSE ${EQUAL_COMPONENT} END`;
}

function checkScoreParameters(weights: RetrievalWeights, decay: number): void {
  // Mirrors validateRetrievalWeights (agents/memory/retrieval-score.ts), which db cannot import.
  const values = [weights?.recency, weights?.importance, weights?.emotion, weights?.relevance];
  if (!values.every((value) => typeof value === "number" && Number.isFinite(value) && value >= 0) || values.every((value) => value === 0)) {
    throw new MemoryInputError("retrieveMemories: weights must be finite numbers >= 0, not all 0 (see validateRetrievalWeights)");
  }
  if (!Number.isFinite(decay) || decay <= 0 || decay > 1) throw new MemoryInputError(`retrieveMemories: decay must be in (0, 1] per game hour (got ${decay})`);
}

function wholeNumberIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MemoryInputError(`retrieveMemories: ${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
}

function toRetrievedMemory(row: RetrievalRow): RetrievedMemory {
  return {
    id: Number(row.id),
    agentId: row.agent_id,
    memoryType: row.memory_type,
    content: row.content,
    importanceScore: row.importance_score,
    emotionalRelevance: row.emotional_relevance,
    gameTime: Number(row.game_time),
    lastAccessedGameTime: Number(row.last_accessed_game_time),
    accessCount: row.access_count,
    mergeCount: row.merge_count,
    embeddingModel: row.embedding_model,
    similarity: row.similarity,
    components: { recency: row.recency, importance: row.importance, emotion: row.emotion, relevance: row.relevance },
    score: row.score,
  };
}
