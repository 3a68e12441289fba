import { LruCache } from "../../src/world/lru-cache.ts";
import { rateImportance } from "../cognition/rate-importance.ts";
import type { FlowContext } from "./flow-context.ts";
import type { Mind } from "./mind.ts";
import type { NewMemory } from "./ports.ts";

/**
 * Ratings of observation kinds already paid for: "Marcus is nearby, organizing inventory" and
 * "Rosa is nearby, organizing inventory" are one kind, rated once per agent.
 */
export class ImportanceCache {
  private readonly ratings = new LruCache<string, number>(4096);

  get(agentId: string, kind: string): number | undefined {
    return this.ratings.get(`${agentId}\n${kind}`);
  }

  set(agentId: string, kind: string, importance: number): void {
    this.ratings.set(`${agentId}\n${kind}`, importance);
  }
}

/** The kind of an observation: its text with the subject's name masked, so repeats share a rating. */
export function observationKind(text: string, subjectName: string): string {
  return text.split(subjectName).join("X").toLowerCase().trim();
}

/** Rates a batch of an agent's new memories in one call (cached kinds are free), stores them, feeds reflection. */
export async function rateAndStore(ctx: FlowContext, cache: ImportanceCache, mind: Mind): Promise<void> {
  const batch = mind.unrated.splice(0, ctx.settings.importanceBatchSize);
  if (batch.length === 0) return;
  const { profile } = mind;
  const unknown = batch.filter(({ kind }) => cache.get(profile.id, kind) === undefined);
  if (unknown.length > 0) {
    const answer = await ctx.thinker.think(profile.id, rateImportance, {
      profile,
      memories: unknown.map(({ memory }, index) => ({ index, content: memory.content, type: memory.type })),
    });
    const ratings = "stale" in answer ? [] : answer.value.ratings;
    unknown.forEach(({ kind, memory }, index) => {
      const rated = ratings.find((rating) => rating.index === index)?.importance;
      cache.set(profile.id, kind, rated ?? rateImportance.offline({ profile, memories: [{ index: 0, content: memory.content, type: memory.type }] }).ratings[0]!.importance);
    });
  }
  const memories: NewMemory[] = batch.map(({ memory, kind }) => ({ ...memory, importance: cache.get(profile.id, kind)! }));
  await ctx.memory.write(memories);
  mind.importanceSinceReflection += memories.reduce((sum, memory) => sum + memory.importance, 0);
}
