/**
 * One partial HNSW index per embedding space (model and dimension) over the untyped embedding column cast
 * to that dimension: ((embedding::vector(D))) vector_cosine_ops WHERE embedding_model = '<model>' AND
 * vector_dims(embedding) = D. Several spaces coexist in one table (switching providers needs no wipe).
 * The dimension is in the predicate because one model name can come in several sizes (text-embedding-3
 * models shorten to EMBEDDING_DIMENSIONS): without it, the index of one size would reject rows of the
 * other at the cast. A query uses the index when it casts to the same D and filters on the same model and
 * dimension (memory-retrieval.ts does). Migration 001's index for the offline embedder predates the
 * dimension clause; that model has a single size, and queries with the clause still use it.
 */
import type pg from "pg";
import { sha256 } from "../../src/hash.ts";
import { withTransaction } from "../client.ts";
import { MAX_INDEXED_DIMENSIONS, validateDimensions, validateModelName } from "./memory-embedding-validation.ts";
import { MemoryInputError } from "./memory-records.ts";

/** Serialises index creation across processes; any constant works as long as every process uses it. */
const INDEX_LOCK_KEY = 727_002;
/** Postgres truncates identifiers at 63 bytes. */
const MAX_IDENTIFIER_LENGTH = 63;
const NAME_PREFIX = "agent_memories_embedding_";

export interface EmbeddingIndexOptions {
  /** HNSW graph degree (pgvector default 16). */
  m?: number;
  /** HNSW build beam width (pgvector default 64); must be at least 2 * m. */
  efConstruction?: number;
  /** Memory for the build, in MB (session default otherwise); a graph that fits builds several times faster. */
  maintenanceWorkMemMb?: number;
}

export interface EmbeddingIndex {
  name: string;
  /** False when an index for this model and dimension already existed (under any name). */
  created: boolean;
}

/**
 * "local-hash-256", 256 -> agent_memories_embedding_local_hash_256 (the name migration 001 uses);
 * "text-embedding-3-small", 1536 -> agent_memories_embedding_text_embedding_3_small_1536. Names that would
 * pass 63 bytes are cut and get a hash of the model and dimension, so distinct models never share a name.
 */
export function embeddingIndexName(model: string, dimensions: number): string {
  validateModelName(model);
  validateDimensions(dimensions);
  const slug = model.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  const withDimensions = slug.endsWith(`_${dimensions}`) || slug === String(dimensions) ? slug : `${slug}_${dimensions}`;
  const name = `${NAME_PREFIX}${withDimensions}`;
  if (name.length <= MAX_IDENTIFIER_LENGTH) return name;
  return hashedName(model, dimensions, withDimensions);
}

function hashedName(model: string, dimensions: number, slug: string): string {
  const hash = sha256(`${model}\u0000${dimensions}`).slice(0, 8);
  return `${NAME_PREFIX}${slug}`.slice(0, MAX_IDENTIFIER_LENGTH - hash.length - 1).replace(/_+$/, "") + `_${hash}`;
}

/**
 * Creates the model's index unless an index with the same definition exists (idempotent, also across
 * processes: creation is serialised by an advisory lock). Building locks writes to agent_memories for
 * the duration; for a model that is new to the table the partial index is empty and builds instantly.
 */
export async function ensureEmbeddingIndex(pool: pg.Pool, model: string, dimensions: number, options: EmbeddingIndexOptions = {}): Promise<EmbeddingIndex> {
  validateModelName(model);
  validateDimensions(dimensions, MAX_INDEXED_DIMENSIONS);
  const withClause = hnswWithClause(options);
  const memory = options.maintenanceWorkMemMb;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 1 || memory > 1_048_576)) {
    throw new MemoryInputError(`maintenanceWorkMemMb must be a whole number of MB from 1 to 1048576 (got ${memory})`);
  }
  return withTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [INDEX_LOCK_KEY]);
    const existing = await findIndexes(client);
    const same = existing.find((index) => index.valid && servesSpace(index.definition, model, dimensions));
    if (same) return { name: same.name, created: false };
    let name = embeddingIndexName(model, dimensions);
    if (existing.some((index) => index.name === name)) name = hashedName(model, dimensions, name.slice(NAME_PREFIX.length));
    if (memory !== undefined) await client.query(`SET LOCAL maintenance_work_mem = '${memory}MB'`);
    await client.query(
      `CREATE INDEX IF NOT EXISTS "${name}" ON agent_memories USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops)${withClause}
       WHERE embedding_model = ${quoteLiteral(model)} AND vector_dims(embedding) = ${dimensions}`,
    );
    return { name, created: true };
  });
}

/** Reads pg_get_indexdef output: an HNSW cosine index on the cast to D, restricted to the model (and to D, when it says). */
function servesSpace(definition: string, model: string, dimensions: number): boolean {
  return (
    definition.includes(`USING hnsw (((embedding)::vector(${dimensions})) vector_cosine_ops)`) &&
    definition.includes(`(embedding_model = ${quoteLiteral(model)}::text)`) &&
    (!definition.includes("vector_dims(") || definition.includes(`(vector_dims(embedding) = ${dimensions})`))
  );
}

function hnswWithClause(options: EmbeddingIndexOptions): string {
  const parts: string[] = [];
  const m = options.m;
  if (m !== undefined) {
    if (!Number.isInteger(m) || m < 2 || m > 100) throw new MemoryInputError(`HNSW m must be a whole number from 2 to 100 (got ${m})`);
    parts.push(`m = ${m}`);
  }
  const ef = options.efConstruction;
  if (ef !== undefined) {
    if (!Number.isInteger(ef) || ef < 4 || ef > 1000) throw new MemoryInputError(`HNSW ef_construction must be a whole number from 4 to 1000 (got ${ef})`);
    if (ef < 2 * (m ?? 16)) throw new MemoryInputError(`HNSW ef_construction (${ef}) must be at least 2 * m (${2 * (m ?? 16)})`);
    parts.push(`ef_construction = ${ef}`);
  }
  return parts.length === 0 ? "" : ` WITH (${parts.join(", ")})`;
}

async function findIndexes(client: pg.ClientBase): Promise<{ name: string; definition: string; valid: boolean }[]> {
  const { rows } = await client.query<{ name: string; definition: string; valid: boolean }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'agent_memories'::regclass`,
  );
  return rows;
}

/** The model already matched MODEL_NAME_PATTERN (no quotes); doubling quotes is defence in depth. */
function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
