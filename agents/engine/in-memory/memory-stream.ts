import { planMerges, type MergeCandidate } from "../../../db/repositories/memory-merge.ts";
import type { NewMemoryRecord as MemoryRecord, RetrievalWeights } from "../../../db/repositories/memory-records.ts";
import type { EmbeddingProvider } from "../../../src/llm/task.ts";
import { rankMemories } from "../../memory/retrieval-score.ts";
import type { MemoryPort, MemoryType, NewMemory, StoredMemory } from "../ports.ts";

/** The near-duplicate window of the database's write filter (DEFAULT_MERGE_WINDOW_SECONDS in db/repositories/memory-repository.ts). */
export const MERGE_WINDOW_SECONDS = 30 * 60;

/** One memory as the in-memory stream keeps it: the columns of agent_memories that the engine's reads depend on. */
export interface MemoryEntry {
  id: number;
  agentId: string;
  type: MemoryType;
  content: string;
  importance: number;
  emotionalRelevance: number;
  gameTime: number;
  lastAccessedGameTime: number;
  accessCount: number;
  mergeCount: number;
  relatedAgents: string[];
  relatedPlayers: string[];
  location: string | null;
  embedding: number[] | null;
}

export interface InMemoryMemoryOptions {
  weights: RetrievalWeights;
  /** Recency decay per game hour. */
  decay: number;
  /** Memories consolidation must leave alone: evidence of a reflection, or the memory that brought a fact. */
  keeps?: (agentId: string, memoryId: string) => boolean;
  log?: { warn(details: object, message: string): void };
}

/**
 * The memory stream held in a process: the same near-duplicate filter as the database (memory-merge.ts), and
 * retrieval by the same score (retrieval-score.ts) computed over all of the agent's memories, which is the
 * exact ranking the database's candidate union approximates. Memories are embedded as they are written; one
 * the embedder failed on keeps no vector and ranks as unrelated, as in the database.
 */
export class InMemoryMemory implements MemoryPort {
  private readonly entries = new Map<number, MemoryEntry>();
  private nextId = 1;

  constructor(
    private readonly embedder: EmbeddingProvider,
    private readonly options: InMemoryMemoryOptions,
  ) {}

  async write(memories: readonly NewMemory[]): Promise<StoredMemory[]> {
    if (memories.length === 0) return [];
    // Everything up to the embedding runs in one turn, so consolidate's delete and insert are seen together.
    const records = memories.map((memory, index) => toRecord(memory, index));
    const plan = planMerges(records, this.mergeCandidates(records), MERGE_WINDOW_SECONDS);
    for (const update of plan.updates) {
      const entry = this.entries.get(update.id)!;
      entry.mergeCount += update.added;
      entry.lastAccessedGameTime = Math.max(entry.lastAccessedGameTime, update.lastSeen);
      entry.importance = Math.max(entry.importance, update.importanceScore);
      entry.emotionalRelevance = Math.max(entry.emotionalRelevance, update.emotionalRelevance);
    }
    const inserted = plan.inserts.map(({ memory, mergeCount }) => this.insert(memory, mergeCount));
    const ids = plan.targets.map((target) => (target.kind === "existing" ? target.id : inserted[target.index]!.id));
    await this.embed(inserted);
    return memories.map((memory, index) => ({ id: String(ids[index]), agentId: memory.agentId, type: memory.type, content: memory.content, importance: memory.importance, gameTime: memory.gameTime }));
  }

  async retrieve(agentId: string, query: string, nowGameTime: number, limit: number): Promise<StoredMemory[]> {
    const now = Math.floor(nowGameTime);
    const embedding = await this.embedder.embed([query]).then(
      ([vector]) => vector ?? null,
      (error: Error) => {
        this.options.log?.warn({ err: error.message }, "query embedding failed; retrieving by recency and importance only");
        return null;
      },
    );
    const scorable = this.of(agentId).map((entry) => ({ ...entry, importanceScore: entry.importance }));
    const ranked = rankMemories(scorable, { embedding, weights: this.options.weights, decay: this.options.decay }, now).slice(0, limit);
    return ranked.map(({ memory }) => {
      const entry = this.entries.get(memory.id)!;
      entry.lastAccessedGameTime = Math.max(entry.lastAccessedGameTime, now);
      entry.accessCount += 1;
      return stored(entry);
    });
  }

  async recent(agentId: string, sinceGameTime: number, limit: number): Promise<StoredMemory[]> {
    const since = Math.floor(Math.max(0, sinceGameTime));
    return this.of(agentId)
      .filter((entry) => entry.gameTime >= since)
      .sort((a, b) => b.gameTime - a.gameTime || b.id - a.id)
      .slice(0, limit)
      .map(stored);
  }

  async trivialBefore(agentId: string, beforeGameTime: number, maxImportance: number, limit: number): Promise<StoredMemory[]> {
    const before = Math.floor(Math.max(0, beforeGameTime));
    return this.of(agentId)
      .filter((entry) => entry.type === "observation" && entry.gameTime < before && entry.importance <= maxImportance && !this.options.keeps?.(agentId, String(entry.id)))
      .sort((a, b) => a.gameTime - b.gameTime || a.id - b.id)
      .slice(0, limit)
      .map(stored);
  }

  async rate(ratings: readonly { id: string; importance: number; emotionalRelevance: number }[]): Promise<void> {
    for (const rating of ratings) {
      const entry = this.entries.get(Number(rating.id));
      if (!entry) continue;
      entry.importance = rating.importance;
      entry.emotionalRelevance = rating.emotionalRelevance;
    }
  }

  async consolidate(agentId: string, ids: readonly string[], summary: NewMemory): Promise<void> {
    for (const id of ids) if (this.entries.get(Number(id))?.agentId === agentId) this.entries.delete(Number(id));
    await this.write([summary]);
  }

  /** The agent's memories, oldest first (what the database's agent_memories holds for it). */
  of(agentId: string): MemoryEntry[] {
    return [...this.entries.values()].filter((entry) => entry.agentId === agentId);
  }

  /** A memory by id, if it still exists. */
  find(id: string): MemoryEntry | undefined {
    return this.entries.get(Number(id));
  }

  /** The agent's memories of the same type as the batch within the window of any of them: what a repeat may merge into. */
  private mergeCandidates(records: readonly MemoryRecord[]): MergeCandidate[] {
    return [...this.entries.values()]
      .filter((entry) => records.some((record) => record.agentId === entry.agentId && record.memoryType === entry.type && Math.abs(record.gameTime - entry.gameTime) <= MERGE_WINDOW_SECONDS))
      .map((entry) => ({ id: entry.id, agentId: entry.agentId, memoryType: entry.type, content: entry.content, gameTime: entry.gameTime }));
  }

  private insert(record: MemoryRecord, mergeCount: number): MemoryEntry {
    const entry: MemoryEntry = {
      id: this.nextId++,
      agentId: record.agentId,
      type: record.memoryType,
      content: record.content,
      importance: record.importanceScore ?? 5,
      emotionalRelevance: record.emotionalRelevance ?? 0,
      gameTime: record.gameTime,
      lastAccessedGameTime: record.lastAccessedGameTime ?? record.gameTime,
      accessCount: 0,
      mergeCount,
      relatedAgents: [...(record.relatedAgents ?? [])],
      relatedPlayers: [...(record.relatedPlayers ?? [])],
      location: record.location ?? null,
      embedding: null,
    };
    this.entries.set(entry.id, entry);
    return entry;
  }

  private async embed(entries: readonly MemoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      const vectors = await this.embedder.embed(entries.map((entry) => entry.content));
      entries.forEach((entry, index) => (entry.embedding = vectors[index] ?? null));
    } catch (error) {
      this.options.log?.warn({ err: (error as Error).message, memories: entries.length }, "embedding failed; the memories rank as unrelated");
    }
  }
}

/** The database's checks on a memory (memory-repository.ts), so that a write it would refuse fails here too. */
function toRecord(memory: NewMemory, index: number): MemoryRecord {
  const where = `memories[${index}]`;
  if (memory.content.trim().length === 0) throw new RangeError(`${where}.content: must be non-empty text`);
  if (!Number.isFinite(memory.importance) || memory.importance < 0 || memory.importance > 10) throw new RangeError(`${where}.importance: must be a number from 0 to 10 (got ${memory.importance})`);
  const emotion = memory.emotionalRelevance ?? 0;
  if (!Number.isFinite(emotion) || emotion < 0 || emotion > 1) throw new RangeError(`${where}.emotionalRelevance: must be a number from 0 to 1 (got ${emotion})`);
  if (!Number.isFinite(memory.gameTime) || memory.gameTime < 0) throw new RangeError(`${where}.gameTime: must be a game time >= 0 (got ${memory.gameTime})`);
  return {
    agentId: memory.agentId,
    memoryType: memory.type,
    content: memory.content,
    importanceScore: memory.importance,
    emotionalRelevance: emotion,
    gameTime: Math.floor(memory.gameTime),
    relatedAgents: memory.relatedAgents ?? [],
    relatedPlayers: memory.relatedPlayers ?? [],
    location: memory.location ?? null,
  };
}

function stored(entry: MemoryEntry): StoredMemory {
  return { id: String(entry.id), agentId: entry.agentId, type: entry.type, content: entry.content, importance: entry.importance, gameTime: entry.gameTime };
}
