import { react } from "../cognition/react.ts";
import type { FlowContext } from "./flow-context.ts";
import { slotAt, type ScheduleSlot } from "../../src/world/schedule.ts";
import { scheduleFor, type Mind } from "./mind.ts";

const MINUTES_PER_DAY = 24 * 60;

export interface Noticed {
  kind: "player" | "agent";
  id: string;
  name: string;
  observation: string;
  /** Speaking to the agent, rather than just seen. */
  spokenTo?: boolean;
}

/**
 * Whether something the agent noticed is worth a thought: players always (within a cooldown), other
 * agents only when this one has feelings about them. Everything else is just remembered.
 */
export function isSalient(ctx: FlowContext, mind: Mind, subject: Noticed, force = false): boolean {
  if (subject.kind === "agent" && !(subject.id in mind.profile.relationships)) return false;
  const last = mind.lastReactionTo.get(subject.id);
  return force || last === undefined || ctx.gameTime() - last >= ctx.settings.reactionCooldownMinutes * 60;
}

// A reaction takes this many game minutes of the hour; then the agent goes back to what it was doing.
const REACTION_MINUTES = 15;

/**
 * Continue or react. A reaction re-plans the rest of the hour: the reaction now, then back to the
 * interrupted step. A reaction to being spoken to is never dropped as stale: a waiting player always
 * gets an answer, whatever the agent's plan did meanwhile. True if it reacted.
 */
export async function considerReacting(ctx: FlowContext, mind: Mind, subject: Noticed): Promise<boolean> {
  const { profile } = mind;
  mind.lastReactionTo.set(subject.id, ctx.gameTime());
  const live = ctx.agent(profile.id);
  if (!live) return false;
  const memories = await ctx.memory.retrieve(profile.id, subject.name, ctx.gameTime(), 3);
  const answer = await ctx.thinker.think(
    profile.id,
    react,
    {
      profile,
      activity: live.activity,
      location: live.location || null,
      observation: subject.observation,
      subject: { kind: subject.kind, id: subject.id, name: subject.name },
      spokenTo: subject.spokenTo ?? false,
      relationship: profile.relationships[subject.id] ?? null,
      memories: memories.map((memory) => memory.content),
      gameMinuteOfDay: Math.floor((ctx.gameTime() % 86_400) / 60),
    },
    subject.spokenTo ? undefined : () => ctx.agent(profile.id)?.generation !== live.generation,
  );
  if ("stale" in answer || !answer.value.react || !answer.value.activity) return false;
  ctx.emit(scheduleFor(mind, replanHour(mind.schedule, Math.floor((ctx.gameTime() % 86_400) / 60), answer.value.activity)));
  return true;
}

/** The schedule with `activity` from `now` for a while, then the step it interrupted. */
export function replanHour(schedule: readonly ScheduleSlot[], now: number, activity: string): ScheduleSlot[] {
  const resumeAt = (now + REACTION_MINUTES) % MINUTES_PER_DAY;
  const interrupted = slotAt(schedule, now);
  const inWindow = (minute: number) => (minute - now + MINUTES_PER_DAY) % MINUTES_PER_DAY < REACTION_MINUTES;
  const kept = schedule.filter((slot) => !inWindow(slot.startMinute) && slot.startMinute !== resumeAt);
  const resumed = slotAt(schedule, resumeAt) ?? interrupted;
  return [...kept, { startMinute: now, activity, location: null }, ...(resumed ? [{ ...resumed, startMinute: resumeAt }] : [])];
}
