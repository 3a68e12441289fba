import type { Relationship } from "../../db/repositories/relationship-repository.ts";
import { react } from "../cognition/react.ts";
import { describeRelationship } from "../conversation/relationship-view.ts";
import { situationQuery } from "../memory/situation-query.ts";
import type { FlowContext } from "./flow-context.ts";
import { REACTION_MINUTES, scheduleFor, type Mind } from "./mind.ts";
import { minuteOfDayOf } from "../../src/shared-kernel/game-time.ts";

/** The flow name of a reaction: an agent thinks about one thing at a time. */
export const REACT_FLOW = "react";

export interface Noticed {
  kind: "player" | "agent";
  id: string;
  name: string;
  observation: string;
}

// Affection (either way, -100..100) from which another agent is worth a thought even without a named bond.
const FEELING_TO_REACT = 20;

/** The agent's live feelings toward what it noticed, or null when it has none (a stranger). */
export function feelingsToward(ctx: FlowContext, mind: Mind, subject: Noticed): Relationship | null {
  const id = subject.kind === "agent" ? subject.id : ctx.characterOf(subject.id);
  if (!id) return null;
  const key = { agentId: mind.profile.id, other: { type: subject.kind, id } };
  return ctx.relationships.has(key) ? ctx.relationships.find(key) : null;
}

/**
 * Whether something the agent noticed is worth a thought: players always (within a cooldown), other
 * agents only when this one has a bond with them (a friend, a rival, family...) or strong feelings
 * either way, as they stand now; one thought at a time, and not again within the gap after the last.
 * Everything else is just remembered.
 */
export function isSalient(ctx: FlowContext, mind: Mind, subject: Noticed): boolean {
  if (subject.kind === "agent") {
    const feelings = feelingsToward(ctx, mind, subject);
    if (!feelings || (feelings.type === "acquaintance" && Math.abs(feelings.affection) < FEELING_TO_REACT)) return false;
  }
  if (mind.busy.has(REACT_FLOW)) return false;
  if (mind.lastReactionAt !== null && ctx.gameTime() - mind.lastReactionAt < ctx.settings.reactionGapMinutes * 60) return false;
  const last = mind.lastReactionTo.get(subject.id);
  return last === undefined || ctx.gameTime() - last >= ctx.settings.reactionCooldownMinutes * 60;
}

/**
 * Continue or react. A reaction re-plans the rest of the hour: the reaction now, then back to the
 * interrupted step. Dropped as stale if the agent's plan changed meanwhile: here while thinking, and by
 * the world if it changed before the reaction arrived there.
 */
export async function considerReacting(ctx: FlowContext, mind: Mind, subject: Noticed): Promise<void> {
  const { profile } = mind;
  mind.lastReactionTo.set(subject.id, ctx.gameTime());
  mind.lastReactionAt = ctx.gameTime();
  const live = ctx.agent(profile.id);
  if (!live) return;
  // `live` is the world's own agent and changes under us: keep the generation the agent noticed this at.
  const noticedAt = live.generation;
  const minuteOfDay = minuteOfDayOf(ctx.gameTime());
  // What it noticed names the subject and what they are doing; then where, when and what the agent was at.
  const query = situationQuery({ focus: subject.observation, place: live.location || null, minuteOfDay, activity: live.activity });
  const memories = await ctx.memory.retrieve(profile.id, query, ctx.gameTime(), 3);
  const feelings = feelingsToward(ctx, mind, subject);
  const answer = await ctx.thinker.think(
    profile.id,
    react,
    {
      profile,
      activity: live.activity,
      location: live.location || null,
      observation: subject.observation,
      subject: { kind: subject.kind, id: subject.id, name: subject.name },
      relationship: feelings ? { description: describeRelationship(subject.name, feelings), affection: feelings.affection } : null,
      memories: memories.map((memory) => memory.content),
      gameMinuteOfDay: minuteOfDay,
      mood: live.mood,
      energy: live.energy,
    },
    () => ctx.agent(profile.id)?.generation !== noticedAt,
  );
  if ("stale" in answer || !answer.value.react || !answer.value.activity) return;
  const now = ctx.gameTime();
  mind.reaction = { activity: answer.value.activity, startMinute: minuteOfDayOf(now), endsAt: now + REACTION_MINUTES * 60 };
  ctx.emit(scheduleFor(mind, mind.schedule, now, noticedAt));
}
