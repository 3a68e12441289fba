import type pg from "pg";
import { validateEmbedding } from "../../db/repositories/memory-embedding-validation.ts";
import { listUnembedded, recordObservations, setEmbeddings, type NewMemory } from "../../db/repositories/memory-repository.ts";
import type { EmbeddingProvider } from "../../src/llm/task.ts";

export interface MemoryWriterOptions {
  pool: pg.Pool;
  embedder: EmbeddingProvider | null;
  /** Near-duplicate window in game seconds (the repository's 30 game minutes when omitted). */
  mergeWindowSeconds?: number;
  /** Memories written per flush at most; the rest wait for the next one. */
  maxBatch?: number;
}

export interface FlushResult {
  /** New rows inserted. */
  inserted: number;
  /** Memories folded into an existing one (near-duplicates). */
  merged: number;
  embedded: number;
  /** New rows left without an embedding (embedder failed or gave an unusable vector); embedPending retries them. */
  unembedded: number;
}

const DEFAULT_MAX_BATCH = 1000;

/**
 * Write-behind for memories: the engine adds memories as agents perceive and think, and the owner (the
 * world room's flush timer) calls flush() every few seconds and on shutdown. One flush is a constant
 * number of statements (the near-duplicate filter, then one batched embedding update). A database
 * failure puts the batch back at the head of the queue and rethrows; an embedder failure does not fail
 * the flush: rows stay without an embedding (NULL, never a zero vector) until embedPending() succeeds.
 */
export class MemoryWriter {
  private queue: NewMemory[] = [];
  private flushing: Promise<FlushResult> | null = null;

  constructor(private readonly options: MemoryWriterOptions) {}

  add(memory: NewMemory): void {
    this.queue.push(memory);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes what is queued; concurrent calls share the flush in progress. */
  flush(signal?: AbortSignal): Promise<FlushResult> {
    this.flushing ??= this.flushOnce(signal).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(signal: AbortSignal | undefined): Promise<FlushResult> {
    const batch = this.queue.splice(0, this.options.maxBatch ?? DEFAULT_MAX_BATCH);
    if (batch.length === 0) return { inserted: 0, merged: 0, embedded: 0, unembedded: 0 };
    let recorded;
    try {
      recorded = await recordObservations(this.options.pool, batch, { mergeWindowSeconds: this.options.mergeWindowSeconds });
    } catch (error) {
      this.queue.unshift(...batch);
      throw error;
    }
    const fresh = new Map<number, string>();
    recorded.forEach((row, index) => {
      if (!row.merged && !fresh.has(row.id)) fresh.set(row.id, batch[index]!.content);
    });
    const embedded = await embedAndStore(this.options.pool, this.options.embedder, [...fresh].map(([id, content]) => ({ id, content })), signal);
    return { inserted: fresh.size, merged: batch.length - fresh.size, embedded, unembedded: fresh.size - embedded };
  }
}

/**
 * The retry job: embeds up to `limit` memories without an embedding, after id `afterId`. Returns how many
 * got one and the cursor for the next call (0 again once the end is reached, to start over).
 */
export async function embedPending(
  pool: pg.Pool,
  embedder: EmbeddingProvider,
  limit: number,
  afterId = 0,
  signal?: AbortSignal,
): Promise<{ embedded: number; nextAfterId: number }> {
  const rows = await listUnembedded(pool, limit, afterId);
  const embedded = await embedAndStore(pool, embedder, rows, signal);
  return { embedded, nextAfterId: rows.length < limit ? 0 : rows[rows.length - 1]!.id };
}

async function embedAndStore(
  pool: pg.Pool,
  embedder: EmbeddingProvider | null,
  rows: readonly { id: number; content: string }[],
  signal: AbortSignal | undefined,
): Promise<number> {
  if (!embedder || rows.length === 0) return 0;
  let vectors: number[][];
  try {
    vectors = await embedder.embed(rows.map((row) => row.content), signal);
  } catch {
    return 0; // left NULL; embedPending retries later
  }
  const updates = rows.flatMap((row, index) => {
    const embedding = vectors[index];
    try {
      validateEmbedding(embedding ?? [], embedder.dimensions, `memory ${row.id}`);
    } catch {
      return []; // a zero or broken vector is not stored; the row stays NULL
    }
    return [{ id: row.id, embedding: embedding!, model: embedder.model, dimensions: embedder.dimensions }];
  });
  return setEmbeddings(pool, updates);
}
