/**
 * The near-duplicate write filter, as a pure plan: an agent standing at the forge observes "Elara is
 * hammering a blade" on every perception tick; storing each would flood the memory stream and crowd
 * retrieval with copies. Instead an observation with the same normalised content as one of the same
 * agent and type within a game-time window is merged into it (merge_count + 1, its time moves forward),
 * so a repeated sight becomes one memory that stays recent. The repository fetches the candidates in one
 * query and applies the plan in two more, whatever the batch size.
 */
import type { MemoryType, NewMemory } from "./memory-records.ts";

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
  gameTime: number;
  importanceScore: number;
  emotionalRelevance: number;
}

export interface PlannedInsert {
  memory: NewMemory;
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
  gameTime: number;
  target: MergeTarget;
  update?: MergeUpdate;
  insert?: PlannedInsert;
}

/**
 * Inputs are taken in game-time order, so a run of repeats chains: each merges into the slot the
 * previous one left, whose time moved forward. Within one key the slot closest in time is chosen.
 */
export function planMerges(memories: readonly NewMemory[], candidates: readonly MergeCandidate[], windowSeconds: number): MergePlan {
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
    slot.gameTime = Math.max(slot.gameTime, memory.gameTime);
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
  const update: MergeUpdate = { id, added: 0, gameTime: 0, importanceScore: 0, emotionalRelevance: 0 };
  plan.updates.push(update);
  return update;
}

function mergeIntoUpdate(update: MergeUpdate, memory: NewMemory): void {
  update.added += 1;
  update.gameTime = Math.max(update.gameTime, memory.gameTime);
  update.importanceScore = Math.max(update.importanceScore, memory.importanceScore ?? 5);
  update.emotionalRelevance = Math.max(update.emotionalRelevance, memory.emotionalRelevance ?? 0);
}

/** A repeat inside the batch: the planned row keeps the first wording, the latest time and the strongest scores. */
function mergeIntoInsert(insert: PlannedInsert, memory: NewMemory): void {
  const first = insert.memory;
  insert.mergeCount += 1;
  const gameTime = Math.max(first.gameTime, memory.gameTime);
  insert.memory = {
    ...first,
    gameTime,
    lastAccessedGameTime: Math.max(first.lastAccessedGameTime ?? first.gameTime, gameTime),
    importanceScore: Math.max(first.importanceScore ?? 5, memory.importanceScore ?? 5),
    emotionalRelevance: Math.max(first.emotionalRelevance ?? 0, memory.emotionalRelevance ?? 0),
  };
}
