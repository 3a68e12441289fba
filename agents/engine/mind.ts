import type { AgentProfile } from "../cognition/profile.ts";
import type { ScheduleSlot } from "../../src/world/schedule.ts";
import type { NewMemory } from "./ports.ts";

/** What the engine keeps per agent between thoughts. Plain data; flows read and update it. */
export interface Mind {
  profile: AgentProfile;
  /** Day number the current plan is for, null before the first plan. */
  plannedDay: number | null;
  strokes: string[];
  /** Today's hour blocks (the schedule before decomposition). */
  blocks: ScheduleSlot[];
  /** The schedule last handed to the world (blocks, with the current one decomposed into actions). */
  schedule: ScheduleSlot[];
  /** startMinute of the block last decomposed into actions. */
  decomposedBlock: number | null;
  importanceSinceReflection: number;
  lastReflectionDay: number | null;
  reviewedDay: number | null;
  yesterday: string | null;
  /** Game time of the last reaction to each subject, for cooldowns. */
  lastReactionTo: Map<string, number>;
  /** Observations waiting for their importance rating (rated in batches); `kind` keys the rating cache. */
  unrated: { memory: NewMemory; kind: string }[];
  /** Flows running for this agent ("plan", "actions", "reflect", "night", "memories"), so none runs twice at once. */
  busy: Set<string>;
}

export function newMind(profile: AgentProfile): Mind {
  return {
    profile,
    plannedDay: null,
    strokes: [],
    blocks: profile.routine.map((slot) => ({ ...slot })),
    schedule: profile.routine.map((slot) => ({ ...slot })),
    decomposedBlock: null,
    importanceSinceReflection: 0,
    lastReflectionDay: null,
    reviewedDay: null,
    yesterday: null,
    lastReactionTo: new Map(),
    unrated: [],
    busy: new Set(),
  };
}

/** The block in effect at a minute of the day, and when it ends (the next block's start, wrapping). */
export function blockAt(blocks: readonly ScheduleSlot[], minuteOfDay: number): { block: ScheduleSlot; endMinute: number } | undefined {
  if (blocks.length === 0) return undefined;
  let index = blocks.length - 1;
  for (let i = 0; i < blocks.length; i++) if (blocks[i]!.startMinute <= minuteOfDay) index = i;
  const next = blocks[(index + 1) % blocks.length]!;
  const block = blocks[index]!;
  const endMinute = next.startMinute > block.startMinute ? next.startMinute : next.startMinute + 24 * 60;
  return { block, endMinute };
}

/** Hands the world a new schedule for the agent and remembers it as the agent's current one. */
export function scheduleFor(mind: Mind, schedule: ScheduleSlot[]): { type: "agent_schedule"; agentId: string; schedule: ScheduleSlot[] } {
  mind.schedule = [...schedule].sort((a, b) => a.startMinute - b.startMinute);
  return { type: "agent_schedule", agentId: mind.profile.id, schedule: mind.schedule };
}

export function isRest(activity: string): boolean {
  return /\b(sleep|asleep|bed|rest for the night)\b/i.test(activity);
}
