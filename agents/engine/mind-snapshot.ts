import { z } from "zod";
import type { Mind } from "./mind.ts";
import { MINUTES_PER_DAY } from "../../src/shared-kernel/game-time.ts";

/**
 * The part of a mind that outlives a restart: promises, yesterday's summary, the reflection counter, the
 * goal changes of the last review and the current plan position. Conversations in progress, cooldowns
 * and memories waiting for a rating are transient and start empty. Bump MIND_SNAPSHOT_VERSION when the
 * shape changes: an older snapshot then fails to parse and the agent starts fresh.
 */
export const MIND_SNAPSHOT_VERSION = 1;

const Minute = z.number().int().min(0).max(MINUTES_PER_DAY - 1);
const Day = z.number().int().min(1);
const Slot = z.object({ startMinute: Minute, activity: z.string().min(1), location: z.string().min(1).nullable(), description: z.string().optional() });

export const MindSnapshotSchema = z.object({
  version: z.literal(MIND_SNAPSHOT_VERSION),
  plannedDay: Day.nullable(),
  strokes: z.array(z.string()),
  blocks: z.array(Slot),
  schedule: z.array(Slot),
  decomposedBlock: Minute.nullable(),
  promises: z.array(Slot.extend({ day: Day })),
  importanceSinceReflection: z.number().finite().min(0),
  lastReflectionDay: Day.nullable(),
  reviewedDay: Day.nullable(),
  yesterday: z.string().nullable(),
  goalChanges: z.array(z.string()),
});
export type MindSnapshot = z.infer<typeof MindSnapshotSchema>;

export function mindSnapshot(mind: Mind): MindSnapshot {
  return {
    version: MIND_SNAPSHOT_VERSION,
    plannedDay: mind.plannedDay,
    strokes: [...mind.strokes],
    blocks: mind.blocks.map((slot) => ({ ...slot })),
    schedule: mind.schedule.map((slot) => ({ ...slot })),
    decomposedBlock: mind.decomposedBlock,
    promises: mind.promises.map((promise) => ({ ...promise })),
    importanceSinceReflection: mind.importanceSinceReflection,
    lastReflectionDay: mind.lastReflectionDay,
    reviewedDay: mind.reviewedDay,
    yesterday: mind.yesterday,
    goalChanges: [...mind.goalChanges],
  };
}

/** A stored snapshot, or why it cannot be used (zod's first issues, with where they are). */
export function parseMindSnapshot(json: unknown): { snapshot: MindSnapshot } | { error: string } {
  const parsed = MindSnapshotSchema.safeParse(json);
  if (parsed.success) return { snapshot: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(snapshot)"}: ${issue.message}`);
  return { error: issues.join("; ") };
}
