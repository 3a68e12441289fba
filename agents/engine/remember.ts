import { ruleRating } from "../cognition/rate-importance.ts";
import type { Mind } from "./mind.ts";
import type { MemoryPort, MemoryType, NewMemory, StoredMemory } from "./ports.ts";

/** A memory before its rating; an emotional relevance the caller knows better (a feeling's strength) is kept. */
export type UnratedMemory = Omit<NewMemory, "importance">;

/** A stored memory waiting for the model's rating, with the rules' rating it was stored with. */
export interface RatingToRefine {
  id: string;
  content: string;
  type: MemoryType;
  importance: number;
  emotionalRelevance: number;
  /** The caller gave the emotional relevance (a feeling's strength): the model rates importance only. */
  emotionGiven: boolean;
  gameTime: number;
}

/**
 * Stores memories that must exist at once (a line heard, a fact told, a conversation's summary, an
 * insight) with the rules' rating, counts them toward the agent's next reflection, and queues them for
 * the model's rating, which the memories flow asks for in batches together with new observations.
 */
export async function remember(memory: MemoryPort, mind: Mind, memories: readonly UnratedMemory[]): Promise<StoredMemory[]> {
  const rated = memories.map((unrated) => {
    const rule = ruleRating(unrated.content, unrated.type, mind.profile);
    return { ...unrated, importance: rule.importance, emotionalRelevance: unrated.emotionalRelevance ?? rule.emotion };
  });
  const stored = await memory.write(rated);
  mind.importanceSinceReflection += rated.reduce((sum, memory) => sum + memory.importance, 0);
  mind.toRefine.push(
    ...stored.map((row, index) => {
      const { content, type, importance, emotionalRelevance, gameTime } = rated[index]!;
      return { id: row.id, content, type, importance, emotionalRelevance, emotionGiven: memories[index]!.emotionalRelevance !== undefined, gameTime };
    }),
  );
  return stored;
}
