import { LruCache } from "../../src/shared-kernel/lru-cache.ts";
import { rateImportance, ruleRating, type MemoryRating } from "../cognition/rate-importance.ts";
import type { FlowContext } from "./flow-context.ts";
import type { Mind } from "./mind.ts";
import type { NewMemory } from "./ports.ts";

/**
 * Ratings of observation kinds already paid for: "Marcus is nearby, organizing inventory" and
 * "Rosa is nearby, organizing inventory" are one kind, rated once per agent.
 */
export class ImportanceCache {
  private readonly ratings = new LruCache<string, MemoryRating>(4096);

  get(agentId: string, kind: string): MemoryRating | undefined {
    return this.ratings.get(`${agentId}\n${kind}`);
  }

  set(agentId: string, kind: string, rating: MemoryRating): void {
    this.ratings.set(`${agentId}\n${kind}`, rating);
  }
}

/** The kind of an observation: its text with the subject's name masked, so repeats share a rating. */
export function observationKind(text: string, subjectName: string): string {
  return text.split(subjectName).join("X").toLowerCase().trim();
}

/** Memories waiting for a rating: new observations, and stored memories the model has not rated yet. */
export function pendingRatings(mind: Mind): { count: number; oldestGameTime: number | undefined } {
  const times = [mind.unrated[0]?.memory.gameTime, mind.toRefine[0]?.gameTime].filter((time) => time !== undefined);
  return { count: mind.unrated.length + mind.toRefine.length, oldestGameTime: times.length > 0 ? Math.min(...times) : undefined };
}

/**
 * Rates a batch of an agent's memories in one call and feeds reflection: new observations (cached kinds
 * are free) are stored with their rating; memories already stored with the rules' rating get the model's.
 */
export async function rateAndStore(ctx: FlowContext, cache: ImportanceCache, mind: Mind): Promise<void> {
  const batch = mind.unrated.splice(0, ctx.settings.importanceBatchSize);
  const refining = mind.toRefine.splice(0, ctx.settings.importanceBatchSize - batch.length);
  if (batch.length === 0 && refining.length === 0) return;
  const { profile } = mind;
  const unknown = batch.filter(({ kind }) => cache.get(profile.id, kind) === undefined);
  const asked = [...unknown.map(({ memory }) => memory), ...refining];
  const rated = new Map<number, MemoryRating>();
  if (asked.length > 0) {
    const answer = await ctx.thinker.think(profile.id, rateImportance, { profile, memories: asked.map(({ content, type }, index) => ({ index, content, type })) });
    // An offline answer is the rules' rating, which refined memories already have.
    if (!("stale" in answer) && answer.from === "model") {
      for (const { index, importance, emotion } of answer.value.ratings) {
        const memory = asked[index];
        if (memory) rated.set(index, { importance, emotion: emotion ?? ruleRating(memory.content, memory.type, profile).emotion });
      }
    }
  }
  unknown.forEach(({ kind, memory }, index) => cache.set(profile.id, kind, rated.get(index) ?? ruleRating(memory.content, memory.type, profile)));
  const memories: NewMemory[] = batch.map(({ memory, kind }) => {
    const { importance, emotion } = cache.get(profile.id, kind)!;
    return { ...memory, importance, emotionalRelevance: emotion };
  });
  if (memories.length > 0) await ctx.memory.write(memories);
  const changed = refining.flatMap((memory, index) => {
    const rating = rated.get(unknown.length + index);
    if (!rating) return [];
    const emotionalRelevance = memory.emotionGiven ? memory.emotionalRelevance : rating.emotion;
    return rating.importance !== memory.importance || emotionalRelevance !== memory.emotionalRelevance
      ? [{ id: memory.id, importance: rating.importance, emotionalRelevance, before: memory.importance }]
      : [];
  });
  if (changed.length > 0) await ctx.memory.rate(changed);
  mind.importanceSinceReflection +=
    memories.reduce((sum, memory) => sum + memory.importance, 0) + changed.reduce((sum, memory) => sum + memory.importance - memory.before, 0);
}
