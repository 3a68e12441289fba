/**
 * The near-duplicate write filter, as a pure plan: an agent standing at the forge observes "Elara is
 * hammering a blade" on every perception tick; storing each would flood the memory stream and crowd
 * retrieval with copies. Instead an observation with the same normalised content as one the same agent
 * first made (same type) at most a window earlier is merged into it: merge_count + 1, and its last access
 * moves to the latest sighting, so the memory stays recent. Its game_time stays the first sighting: the
 * window is anchored there (a sight repeated for hours becomes one memory per window), and game_time is
 * indexed, so changing it would make the update non-HOT and cost a new HNSW index entry per merge
 * (see migration 002). The repository fetches candidates in one query and applies the plan in two more,
 * whatever the batch size.
 */
import type { MemoryType, NewMemoryRecord } from "./memory-records.ts";

/** Lower case, NFKC, whitespace collapsed, trailing sentence punctuation dropped: "Elara  waves." = "elara waves". */
export function normalizeMemoryContent(content: string): string {
  return content.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim().replace(/[.!?…]+$/u, "").trimEnd();
}

/** An existing row that a new memory may merge into. */
export interface MergeCandidate {
  id: number;
  agentId: string;
  memoryType: MemoryType;
  content: string;
  gameTime: number;
}

export interface MergeUpdate {
  id: number;
  /** Observations merged into the row by this batch. */
  added: number;
  /** The latest sighting: the row's new last access. */
  lastSeen: number;
  importanceScore: number;
  emotionalRelevance: number;
}

export interface PlannedInsert {
  memory: NewMemoryRecord;
  mergeCount: number;
}

/** Where each input went: merged into an existing row, or into the n-th planned insert. */
export type MergeTarget = { kind: "existing"; id: number } | { kind: "insert"; index: number; merged: boolean };

export interface MergePlan {
  updates: MergeUpdate[];
  inserts: PlannedInsert[];
  targets: MergeTarget[];
}

interface Slot {
  /** The first sighting, where the window is anchored. */
  gameTime: number;
  target: MergeTarget;
  update?: MergeUpdate;
  insert?: PlannedInsert;
}

/** Inputs are taken in game-time order; each merges into the closest slot whose first sighting is within the window. */
export function planMerges(memories: readonly NewMemoryRecord[], candidates: readonly MergeCandidate[], windowSeconds: number): MergePlan {
  const slots = new Map<string, Slot[]>();
  for (const candidate of candidates) {
    const key = mergeKey(candidate.agentId, candidate.memoryType, candidate.content);
    const list = slots.get(key) ?? [];
    list.push({ gameTime: candidate.gameTime, target: { kind: "existing", id: candidate.id } });
    slots.set(key, list);
  }
  const plan: MergePlan = { updates: [], inserts: [], targets: new Array(memories.length) };
  const order = memories.map((_, index) => index).sort((a, b) => memories[a]!.gameTime - memories[b]!.gameTime || a - b);
  for (const index of order) {
    const memory = memories[index]!;
    const key = mergeKey(memory.agentId, memory.memoryType, memory.content);
    const list = slots.get(key) ?? [];
    slots.set(key, list);
    const slot = closestWithin(list, memory.gameTime, windowSeconds);
    if (!slot) {
      const insert: PlannedInsert = { memory, mergeCount: 1 };
      const target: MergeTarget = { kind: "insert", index: plan.inserts.length, merged: false };
      plan.inserts.push(insert);
      list.push({ gameTime: memory.gameTime, target, insert });
      plan.targets[index] = target;
      continue;
    }
    plan.targets[index] = slot.target.kind === "insert" ? { ...slot.target, merged: true } : slot.target;
    if (slot.insert) {
      mergeIntoInsert(slot.insert, memory);
    } else {
      slot.update ??= pushUpdate(plan, (slot.target as { id: number }).id);
      mergeIntoUpdate(slot.update, memory);
    }
  }
  return plan;
}

function mergeKey(agentId: string, memoryType: string, content: string): string {
  return JSON.stringify([agentId, memoryType, normalizeMemoryContent(content)]);
}

function closestWithin(slots: readonly Slot[], gameTime: number, windowSeconds: number): Slot | undefined {
  let best: Slot | undefined;
  for (const slot of slots) {
    const distance = Math.abs(slot.gameTime - gameTime);
    if (distance <= windowSeconds && (!best || distance < Math.abs(best.gameTime - gameTime))) best = slot;
  }
  return best;
}

function pushUpdate(plan: MergePlan, id: number): MergeUpdate {
  const update: MergeUpdate = { id, added: 0, lastSeen: 0, importanceScore: 0, emotionalRelevance: 0 };
  plan.updates.push(update);
  return update;
}

function mergeIntoUpdate(update: MergeUpdate, memory: NewMemoryRecord): void {
  update.added += 1;
  update.lastSeen = Math.max(update.lastSeen, memory.lastAccessedGameTime ?? memory.gameTime);
  update.importanceScore = Math.max(update.importanceScore, memory.importanceScore ?? 5);
  update.emotionalRelevance = Math.max(update.emotionalRelevance, memory.emotionalRelevance ?? 0);
}

/** A repeat inside the batch: the planned row keeps the first wording and time, the latest sighting and the strongest scores. */
function mergeIntoInsert(insert: PlannedInsert, memory: NewMemoryRecord): void {
  const first = insert.memory;
  insert.mergeCount += 1;
  insert.memory = {
    ...first,
    lastAccessedGameTime: Math.max(first.lastAccessedGameTime ?? first.gameTime, memory.lastAccessedGameTime ?? memory.gameTime),
    importanceScore: Math.max(first.importanceScore ?? 5, memory.importanceScore ?? 5),
    emotionalRelevance: Math.max(first.emotionalRelevance ?? 0, memory.emotionalRelevance ?? 0),
  };
}
