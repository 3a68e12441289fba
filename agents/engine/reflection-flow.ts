import { reflectionInsights, reflectionQuestions } from "../cognition/reflect.ts";
import type { FlowContext } from "./flow-context.ts";
import type { Mind } from "./mind.ts";
import { remember } from "./remember.ts";
import { dayOf, SECONDS_PER_DAY } from "../../src/shared-kernel/game-time.ts";

/**
 * Reflection (Park et al.): focal questions from recent memories, memories retrieved for each, then
 * insights that cite their evidence; each insight becomes a reflection memory and an agent_reflections row.
 */
export async function reflect(ctx: FlowContext, mind: Mind): Promise<void> {
  if (ctx.settings.ablate === "reflection") return;
  const { profile } = mind;
  const now = ctx.gameTime();
  const recent = await ctx.memory.recent(profile.id, now - 2 * SECONDS_PER_DAY, 50);
  if (recent.length === 0) return;
  const asked = await ctx.thinker.think(profile.id, reflectionQuestions, { profile, recent: recent.map(({ id, content }) => ({ id, content })), places: ctx.locations });
  if ("stale" in asked) return;
  const questions = await Promise.all(
    asked.value.questions.slice(0, 3).map(async (question) => ({
      question,
      memories: (await ctx.memory.retrieve(profile.id, question, now, 6)).map(({ id, content }) => ({ id, content })),
    })),
  );
  const answered = await ctx.thinker.think(profile.id, reflectionInsights, { profile, questions });
  if ("stale" in answered) return;
  const citable = new Set(questions.flatMap(({ memories }) => memories.map((memory) => memory.id)));
  const { insights } = answered.value;
  const stored = await remember(ctx.memory, mind, insights.map((insight) => ({ agentId: profile.id, type: "reflection" as const, content: insight.insight, gameTime: now })));
  for (const [index, insight] of insights.entries()) {
    const memory = stored[index];
    const evidence = insight.evidence.filter((id) => citable.has(id));
    if (memory) await ctx.store.saveReflection(profile.id, { text: insight.insight, evidence, memoryId: memory.id, gameTime: now });
  }
  // What led to this reflection is spent; the insights themselves do not call for the next one.
  mind.importanceSinceReflection = 0;
  mind.lastReflectionDay = dayOf(now);
}
