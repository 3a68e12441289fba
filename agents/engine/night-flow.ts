import { consolidate, nightlyReview } from "../cognition/nightly.ts";
import type { FlowContext } from "./flow-context.ts";
import type { Mind } from "./mind.ts";
import { reflect } from "./reflection-flow.ts";
import { remember } from "./remember.ts";
import { gameTimeOf, SECONDS_PER_DAY } from "../../src/shared-kernel/game-time.ts";

// Below this many trivial old observations, consolidating is not worth a call.
const MIN_TO_CONSOLIDATE = 10;
const MAX_TO_CONSOLIDATE = 60;

/**
 * "Sleep": reflect if the day has not prompted it yet (every agent reflects at least daily), review the
 * day against the agent's goals (agent_metacognition), keep the summary and the goal changes for tomorrow's plan, and
 * fold old trivial observations into one summary memory.
 */
export async function endTheDay(ctx: FlowContext, mind: Mind, day: number): Promise<void> {
  if (mind.reviewedDay === day) return;
  mind.reviewedDay = day;
  const { profile } = mind;
  if (mind.lastReflectionDay !== day) await reflect(ctx, mind);
  const now = ctx.gameTime();
  const today = await ctx.memory.recent(profile.id, gameTimeOf(day, 0), 60);
  const highlights = [...today].sort((a, b) => b.importance - a.importance).slice(0, 8);
  const feelings = today.filter((memory) => memory.type === "feeling").map((memory) => memory.content).reverse();
  const review = await ctx.thinker.think(profile.id, nightlyReview, { profile, day, plan: mind.strokes, highlights: highlights.map(({ id, content }) => ({ id, content })), feelings });
  if (!("stale" in review)) {
    const { summary, performance_evaluation, strategy_adjustments, goal_modifications, tomorrow_focus } = review.value;
    await ctx.store.saveMetacognition(profile.id, { evaluation: performance_evaluation, adjustments: strategy_adjustments, goalChanges: goal_modifications, notes: `Tomorrow: ${tomorrow_focus}`, gameTime: now });
    await remember(ctx.memory, mind, [{ agentId: profile.id, type: "metacognition", content: `${summary} ${performance_evaluation}`, gameTime: now }]);
    mind.yesterday = `${summary} Tomorrow I want to focus on ${tomorrow_focus}.`;
    mind.goalChanges = goal_modifications;
  }
  const trivial = await ctx.memory.trivialBefore(profile.id, now - SECONDS_PER_DAY, ctx.settings.consolidateMaxImportance, MAX_TO_CONSOLIDATE);
  if (trivial.length < MIN_TO_CONSOLIDATE) return;
  const folded = await ctx.thinker.think(profile.id, consolidate, { profile, observations: trivial.map(({ id, content }) => ({ id, content })) });
  if ("stale" in folded) return;
  await ctx.memory.consolidate(
    profile.id,
    trivial.map((memory) => memory.id),
    { agentId: profile.id, type: "summary", content: folded.value.summary, importance: 4, gameTime: trivial[trivial.length - 1]!.gameTime },
  );
}
