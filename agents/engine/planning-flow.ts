import { planActions } from "../cognition/plan-actions.ts";
import { planDay } from "../cognition/plan-day.ts";
import { cleanBlocks, planHours } from "../cognition/plan-hours.ts";
import { describeRelationship } from "../conversation/relationship-view.ts";
import { situationQuery } from "../memory/situation-query.ts";
import type { FlowContext } from "./flow-context.ts";
import { blockAt, isRest, scheduleFor, type Mind } from "./mind.ts";
import { remember } from "./remember.ts";
import { MINUTES_PER_DAY, minuteOfDayOf } from "../../src/shared-kernel/game-time.ts";

// Closest and most strained relationships (each) a day plan keeps in mind.
const TIES_IN_PLAN = 2;

/**
 * Plans a day top-down: broad strokes, then hour blocks the world follows. The strokes see what the agent
 * recalls about the day ahead, the news it heard lately, the meetings it promised and the people it
 * feels most strongly about.
 */
export async function planTheDay(ctx: FlowContext, mind: Mind, day: number, news: string[]): Promise<void> {
  // Planning ablated: the designer's routine is the day, undecomposed.
  if (ctx.settings.ablate === "planning") return void (mind.plannedDay = day);
  const { profile } = mind;
  const now = ctx.gameTime();
  const live = ctx.agent(profile.id);
  const promises = mind.promises.filter((promise) => promise.day === day).map(({ startMinute, activity, location }) => ({ startMinute, activity, location }));
  const query = situationQuery({
    focus: ["plans for today", ...promises.map((promise) => promise.activity), profile.primaryGoal ?? ""].filter(Boolean).join("; "),
    place: live?.location || null,
    minuteOfDay: minuteOfDayOf(now),
  });
  const [memories, ties] = await Promise.all([ctx.memory.retrieve(profile.id, query, now, 5), ctx.store.closestAndStrained(profile.id, TIES_IN_PLAN)]);
  const strokes = await ctx.thinker.think(profile.id, planDay, {
    profile,
    day,
    yesterday: mind.yesterday,
    memories: memories.map((memory) => memory.content),
    news,
    promises,
    ties: ties.map((tie) => ({ name: tie.name, affection: tie.relationship.affection, description: describeRelationship(tie.name, tie.relationship) })),
    goalChanges: mind.goalChanges,
  });
  if ("stale" in strokes) return;
  const hours = await ctx.thinker.think(profile.id, planHours, { profile, strokes: strokes.value.strokes, locations: [...ctx.locations] });
  if ("stale" in hours) return;
  const blocks = cleanBlocks(hours.value.blocks, ctx.locations);
  mind.plannedDay = day;
  mind.strokes = strokes.value.strokes;
  mind.blocks = blocks.length > 0 ? blocks : profile.routine.map((slot) => ({ ...slot }));
  mind.decomposedBlock = null;
  ctx.emit(scheduleFor(mind, mind.blocks, ctx.gameTime()));
  await ctx.store.saveDayPlan(profile.id, day, mind.strokes, mind.blocks);
  await remember(ctx.memory, mind, [{ agentId: profile.id, type: "plan", content: `My plan for day ${day}: ${mind.strokes.join("; ")}`, gameTime: now }]);
}

/** When a block begins, decompose it lazily into 5-15 minute actions; rest blocks stay whole. */
export async function decomposeCurrentBlock(ctx: FlowContext, mind: Mind, minuteOfDay: number): Promise<void> {
  if (ctx.settings.ablate === "planning") return;
  const current = blockAt(mind.blocks, minuteOfDay);
  if (!current || current.block.startMinute === mind.decomposedBlock) return;
  const { block, endMinute } = current;
  mind.decomposedBlock = block.startMinute;
  if (isRest(block.activity)) return;
  const { profile } = mind;
  const query = situationQuery({ focus: block.activity, place: block.location, minuteOfDay: block.startMinute });
  const memories = await ctx.memory.retrieve(profile.id, query, ctx.gameTime(), 3);
  const answer = await ctx.thinker.think(profile.id, planActions, {
    profile,
    block: { startMinute: block.startMinute, endMinute, activity: block.activity, location: block.location },
    memories: memories.map((memory) => memory.content),
    locations: [...ctx.locations],
  });
  if ("stale" in answer || mind.decomposedBlock !== block.startMinute) return;
  const known = new Set(ctx.locations);
  const actions = new Map<number, { startMinute: number; activity: string; location: string | null }>();
  for (const action of answer.value.actions) {
    const start = block.startMinute + action.minute;
    if (start >= endMinute) continue;
    const location = action.location && known.has(action.location) ? action.location : block.location;
    actions.set(start % MINUTES_PER_DAY, { startMinute: start % MINUTES_PER_DAY, activity: action.activity, location });
  }
  if (!actions.has(block.startMinute)) actions.set(block.startMinute, { ...block });
  const schedule = [...mind.blocks.filter((slot) => slot.startMinute !== block.startMinute && !actions.has(slot.startMinute)), ...actions.values()];
  ctx.emit(scheduleFor(mind, schedule, ctx.gameTime()));
}
