import { MemoryInputError } from "./memory-records.ts";

/**
 * Model names end up as a literal inside index DDL (CREATE INDEX ... WHERE embedding_model = '<model>'),
 * which cannot take a bind parameter, so they are held to a strict pattern that has no quote, space or
 * backslash. Real model names fit: "text-embedding-3-small", "nomic-embed-text:v1.5", "BAAI/bge-m3".
 */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9._:/-]{1,100}$/;

/** pgvector's limit for the vector type. */
export const MAX_STORED_DIMENSIONS = 16_000;
/** pgvector's limit for an HNSW index on vector (halfvec goes to 4,000; not used here). */
export const MAX_INDEXED_DIMENSIONS = 2_000;
/** Smallest accepted squared norm; real embeddings have norms near 1. */
const MIN_SQUARED_NORM = 1e-30;

export function validateModelName(model: string): string {
  if (typeof model !== "string" || !MODEL_NAME_PATTERN.test(model)) {
    throw new MemoryInputError(
      `embedding model name ${JSON.stringify(model)} is not allowed: use 1-100 characters from letters, digits and . _ : / - ` +
        "(check EMBEDDING_MODEL)",
    );
  }
  return model;
}

export function validateDimensions(dimensions: number, max = MAX_STORED_DIMENSIONS): number {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > max) {
    throw new MemoryInputError(`embedding dimensions must be a whole number from 1 to ${max} (got ${dimensions})`);
  }
  return dimensions;
}

/**
 * Refuses vectors that would poison retrieval: a zero vector has no direction (cosine distance is NaN,
 * and the game behind seed 002 stored one whenever embedding failed), NaN/Infinity break every
 * comparison, and a vector of the wrong length would fail the per-model index cast deep inside SQL.
 * `where` names the row for the message (e.g. "memory 42").
 */
export function validateEmbedding(embedding: readonly number[], dimensions: number, where: string): void {
  if (!Array.isArray(embedding)) throw new MemoryInputError(`${where}: embedding must be an array of numbers`);
  if (embedding.length !== dimensions) {
    throw new MemoryInputError(`${where}: embedding has ${embedding.length} dimensions, expected ${dimensions}; was it made by another model?`);
  }
  let squares = 0;
  for (let i = 0; i < embedding.length; i++) {
    const value = embedding[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new MemoryInputError(`${where}: embedding[${i}] is ${String(value)}; every component must be a finite number`);
    }
    squares += value * value;
  }
  // Squares are summed in single precision by pgvector: a norm this small underflows to 0 there.
  if (squares < MIN_SQUARED_NORM) {
    throw new MemoryInputError(`${where}: embedding is a zero vector, which has no direction; leave the embedding unset (NULL) and retry instead`);
  }
}

/** pgvector's text form, sent as a bind parameter. */
export function toVectorLiteral(embedding: readonly number[]): string {
  return `[${embedding.join(",")}]`;
}
