import type pg from "pg";
import { recentMemories, replaceWithSummary, trivialObservationsBefore, updateRatings, type MemoryRow } from "../../db/repositories/memory-maintenance-repository.ts";
import { ensureEmbeddingIndex, listEmbeddedByOtherModel, listUnembedded, markAccessed, recordObservations, retrieveMemories, setEmbeddings, type NewMemoryRecord as MemoryRecord, type RetrievalWeights, type RetrievedMemory } from "../../db/repositories/memory-repository.ts";
import { validateEmbedding } from "../../db/repositories/memory-embedding-validation.ts";
import type { EmbeddingProvider } from "../../src/llm/task.ts";
import type { MemoryPort, MemoryType, NewMemory, StoredMemory } from "../engine/ports.ts";
import { RecentlyAccessed } from "./recently-accessed.ts";

export interface PostgresMemoryOptions {
  weights: RetrievalWeights;
  /** Recency decay per game hour since last access (Park et al.: 0.995). */
  decay: number;
  /**
   * False while embedding must wait (a world nobody is in, when embedding is a model call): memories are
   * stored without a vector and embedded once it is true again; retrieval meanwhile ranks without relevance.
   */
  embedsNow?: () => boolean;
  log?: { warn(details: object, message: string): void; info?(details: object, message: string): void };
}

/**
 * The memory stream on Postgres/pgvector: writes go through the near-duplicate filter and are
 * embedded in one batch (a failed embedding leaves the row without a vector, to be retried, never a
 * zero vector); retrieval is one SQL statement scoring recency, importance, emotion and relevance.
 */
export class PostgresMemory implements MemoryPort {
  private indexReady: Promise<unknown> | undefined;
  private retryCursor = 0;
  /** Where re-embedding other models' memories got to; undefined once a pass found none left. */
  private reembedCursor: number | undefined = 0;
  private readonly recentlyAccessed = new RecentlyAccessed();

  constructor(
    private readonly pool: pg.Pool,
    private readonly embedder: EmbeddingProvider,
    private readonly options: PostgresMemoryOptions,
  ) {}

  async write(memories: readonly NewMemory[]): Promise<StoredMemory[]> {
    if (memories.length === 0) return [];
    const recorded = await recordObservations(this.pool, memories.map(toRecord));
    const fresh = recorded.map((row, index) => ({ row, memory: memories[index]! })).filter(({ row }) => !row.merged);
    await this.embed(fresh.map(({ row, memory }) => ({ id: row.id, content: memory.content })));
    return recorded.map((row, index) => ({ id: String(row.id), ...stored(memories[index]!) }));
  }

  async retrieve(agentId: string, query: string, nowGameTime: number, limit: number): Promise<StoredMemory[]> {
    const memories = await this.rank(agentId, query, nowGameTime, limit);
    if (memories.length > 0) {
      await markAccessed(this.pool, memories.map((memory) => memory.id), nowGameTime);
      this.recentlyAccessed.record(agentId, memories.map((memory) => memory.id));
    }
    return memories.map((memory) => ({ id: String(memory.id), agentId: memory.agentId, type: memory.memoryType, content: memory.content, importance: memory.importanceScore, gameTime: memory.gameTime }));
  }

  /**
   * What retrieve would recall, with each component's score, but without recalling it: last_accessed is
   * left alone, so asking (npm run memory:recall, the inspector's recall route) does not change the answer.
   */
  async rank(agentId: string, query: string, nowGameTime: number, limit: number): Promise<RetrievedMemory[]> {
    const embedding = !this.embedsNow() ? null : await this.embedder.embed([query]).then(
      ([vector]) => vector ?? null,
      (error: Error) => {
        this.options.log?.warn({ err: error.message }, "query embedding failed; retrieving by recency and importance only");
        return null;
      },
    );
    if (embedding) await this.ensureIndex();
    return retrieveMemories(this.pool, {
      agentId,
      queryEmbedding: embedding,
      model: embedding ? this.embedder.model : null,
      nowGameTime: Math.floor(nowGameTime),
      weights: this.options.weights,
      decay: this.options.decay,
      limit,
      // Recency counts from the last access, which no candidate list is ordered by: bring recent recalls in.
      alsoConsider: this.recentlyAccessed.of(agentId),
    });
  }

  async recent(agentId: string, sinceGameTime: number, limit: number): Promise<StoredMemory[]> {
    return (await recentMemories(this.pool, agentId, sinceGameTime, limit)).map(fromRow);
  }

  async trivialBefore(agentId: string, beforeGameTime: number, maxImportance: number, limit: number): Promise<StoredMemory[]> {
    return (await trivialObservationsBefore(this.pool, agentId, beforeGameTime, maxImportance, limit)).map(fromRow);
  }

  async rate(ratings: readonly { id: string; importance: number; emotionalRelevance: number }[]): Promise<void> {
    await updateRatings(this.pool, ratings);
  }

  async consolidate(agentId: string, ids: readonly string[], summary: NewMemory): Promise<void> {
    let inserted: number | undefined;
    this.recentlyAccessed.forget(agentId, ids.map(Number));
    await replaceWithSummary(this.pool, agentId, ids, async (client) => {
      inserted = (await recordObservations(client, [toRecord(summary)]))[0]?.id;
    });
    if (inserted !== undefined) await this.embed([{ id: inserted, content: summary.content }]);
  }

  /**
   * Embeds memories whose embedding failed earlier (the provider was down); called periodically. Pages
   * through them from where the last call stopped, so rows that never embed cannot block the rest.
   */
  async retryUnembedded(limit: number): Promise<number> {
    if (!this.embedsNow()) return 0;
    const rows = await listUnembedded(this.pool, limit, this.retryCursor);
    this.retryCursor = rows.length < limit ? 0 : rows[rows.length - 1]!.id;
    await this.embed(rows);
    return rows.length;
  }

  /**
   * Re-embeds memories stored with another embedding model (the configured one changed), `limit` at a time,
   * so that they recall by similarity again instead of as unrelated. One pass per process: once a pass
   * finds none left it stops looking (new memories are embedded by this model anyway). Returns how many it took.
   */
  async reembedOthers(limit: number): Promise<number> {
    if (this.reembedCursor === undefined) return 0;
    const rows = await listEmbeddedByOtherModel(this.pool, limit, this.reembedCursor, this.embedder.model, this.embedder.dimensions);
    if (rows.length > 0) this.options.log?.info?.({ memories: rows.length, model: this.embedder.model }, "re-embedding memories stored with another embedding model");
    // The embedder down: the same rows again next time, rather than skipping them for good.
    if (!(await this.embed(rows))) return 0;
    this.reembedCursor = rows.length < limit ? undefined : rows[rows.length - 1]!.id;
    return rows.length;
  }

  /** False when the embedder failed (the rows keep what they had); true otherwise, even if a vector was unusable. */
  private async embed(rows: readonly { id: number; content: string }[]): Promise<boolean> {
    if (rows.length === 0) return true;
    if (!this.embedsNow()) return false;
    try {
      const vectors = await this.embedder.embed(rows.map((row) => row.content));
      await this.ensureIndex();
      // One bad vector must not cost the batch: it is left out (its row stays unembedded) and logged.
      const usable = rows.flatMap((row, index) => {
        const embedding = vectors[index];
        try {
          validateEmbedding(embedding ?? [], this.embedder.dimensions, `embedding of memory ${row.id}`);
          return [{ id: row.id, embedding: embedding!, model: this.embedder.model, dimensions: this.embedder.dimensions }];
        } catch (error) {
          this.options.log?.warn({ err: (error as Error).message }, "embedder returned an unusable vector; the memory stays unembedded");
          return [];
        }
      });
      await setEmbeddings(this.pool, usable);
      return true;
    } catch (error) {
      this.options.log?.warn({ err: (error as Error).message, memories: rows.length }, "embedding failed; memories keep what they had and are retried later");
      return false;
    }
  }

  private embedsNow(): boolean {
    return this.options.embedsNow?.() ?? true;
  }

  private ensureIndex(): Promise<unknown> {
    this.indexReady ??= ensureEmbeddingIndex(this.pool, this.embedder.model, this.embedder.dimensions).catch((error: Error) => {
      this.indexReady = undefined;
      throw error;
    });
    return this.indexReady;
  }
}

function toRecord(memory: NewMemory): MemoryRecord {
  return {
    agentId: memory.agentId,
    memoryType: memory.type,
    content: memory.content,
    importanceScore: memory.importance,
    emotionalRelevance: memory.emotionalRelevance ?? 0,
    gameTime: Math.floor(memory.gameTime),
    relatedAgents: memory.relatedAgents ?? [],
    relatedPlayers: memory.relatedPlayers ?? [],
    location: memory.location ?? null,
  };
}

function stored(memory: NewMemory): Omit<StoredMemory, "id"> {
  return { agentId: memory.agentId, type: memory.type, content: memory.content, importance: memory.importance, gameTime: memory.gameTime };
}

function fromRow(row: MemoryRow): StoredMemory {
  return { id: row.id, agentId: row.agentId, type: row.memoryType as MemoryType, content: row.content, importance: row.importanceScore, gameTime: row.gameTime };
}
