import type { AgentProfile } from "../cognition/profile.ts";
import { slotAt, type ScheduleSlot } from "../../src/world/schedule.ts";
import type { NewMemory } from "./ports.ts";
import type { RatingToRefine } from "./remember.ts";
import { dayOf, MINUTES_PER_DAY } from "../../src/shared-kernel/game-time.ts";

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
  /** A reaction in progress (talking to a player...): kept through any re-plan until it ends. */
  reaction: { activity: string; startMinute: number; endsAt: number } | null;
  /** Meetings the agent promised in conversation, laid over its plan on their day. */
  promises: MeetingPromise[];
  /** startMinute of the block last decomposed into actions. */
  decomposedBlock: number | null;
  importanceSinceReflection: number;
  lastReflectionDay: number | null;
  reviewedDay: number | null;
  yesterday: string | null;
  /** What last night's review changed about the agent's goals: tomorrow's plan works them in. */
  goalChanges: string[];
  /** Game time of the last reaction to each subject, for cooldowns. */
  lastReactionTo: Map<string, number>;
  /** Game time of the agent's last reaction to anyone. */
  lastReactionAt: number | null;
  /** Observations waiting for their importance rating (rated in batches); `kind` keys the rating cache. */
  unrated: { memory: NewMemory; kind: string }[];
  /** Memories stored with the rules' rating, waiting for the model's (rated in the same batches). */
  toRefine: RatingToRefine[];
  /** Flows running for this agent ("plan", "actions", "react", "reflect", "night", "memories"), so none runs twice at once. */
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
    reaction: null,
    promises: [],
    importanceSinceReflection: 0,
    lastReflectionDay: null,
    reviewedDay: null,
    yesterday: null,
    goalChanges: [],
    lastReactionTo: new Map(),
    lastReactionAt: null,
    unrated: [],
    toRefine: [],
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
  const endMinute = next.startMinute > block.startMinute ? next.startMinute : next.startMinute + MINUTES_PER_DAY;
  return { block, endMinute };
}

/**
 * Hands the world a new schedule for the agent and remembers it as the agent's current one. A reaction
 * still in progress is laid over it, so a plan that arrives meanwhile does not cut a conversation short.
 * `generation` is the agent's generation a reaction answered (the world drops the schedule if the agent
 * has moved on since); plans made from the mind alone pass none (world-input.ts).
 */
export function scheduleFor(mind: Mind, schedule: readonly ScheduleSlot[], gameTime: number, generation: number | null = null): { type: "agent_schedule"; agentId: string; schedule: ScheduleSlot[]; generation: number | null } {
  const reaction = mind.reaction && gameTime < mind.reaction.endsAt ? mind.reaction : null;
  if (!reaction) mind.reaction = null;
  const today = dayOf(gameTime);
  mind.promises = mind.promises.filter((promise) => promise.day >= today);
  let planned = reaction ? withReaction(schedule, reaction.startMinute, reaction.activity) : [...schedule];
  for (const { day, ...slot } of mind.promises) if (day === today) planned = laidOver(planned, slot, PROMISE_MINUTES);
  mind.schedule = planned.sort((a, b) => a.startMinute - b.startMinute);
  return { type: "agent_schedule", agentId: mind.profile.id, schedule: mind.schedule, generation };
}

// A reaction takes this many game minutes; then the agent goes back to what it was doing.
export const REACTION_MINUTES = 15;
// A promised meeting keeps the agent at the place this long.
export const PROMISE_MINUTES = 30;

/** A meeting promised in conversation: be at `location` at `startMinute` of game day `day`. */
export interface MeetingPromise extends ScheduleSlot {
  day: number;
}

/** The schedule with `activity` from `start` for REACTION_MINUTES, then the step it interrupted. */
export function withReaction(schedule: readonly ScheduleSlot[], start: number, activity: string): ScheduleSlot[] {
  return laidOver(schedule, { startMinute: start, activity, location: null }, REACTION_MINUTES);
}

/** The schedule with `slot` for `minutes`, then the step it interrupted. */
export function laidOver(schedule: readonly ScheduleSlot[], slot: ScheduleSlot, minutes: number): ScheduleSlot[] {
  const start = slot.startMinute;
  const resumeAt = (start + minutes) % MINUTES_PER_DAY;
  const inWindow = (minute: number) => (minute - start + MINUTES_PER_DAY) % MINUTES_PER_DAY < minutes;
  const kept = schedule.filter((other) => !inWindow(other.startMinute) && other.startMinute !== resumeAt);
  const resumed = slotAt(schedule, resumeAt);
  return [...kept, { ...slot }, ...(resumed ? [{ ...resumed, startMinute: resumeAt }] : [])];
}

export function isRest(activity: string): boolean {
  return /\b(sleep|asleep|bed|rest for the night)\b/i.test(activity);
}
