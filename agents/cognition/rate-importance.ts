import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { identityMessage, type AgentProfile } from "./profile.ts";

export interface ImportanceContext {
  profile: AgentProfile;
  memories: { index: number; content: string; type: string }[];
}

/** Emotion is optional in the answer: a model that leaves it out still rates importance, and the rules' emotion stays. */
const Rating = z.object({ index: z.int().min(0), importance: z.int().min(1).max(10), emotion: z.number().min(0).max(1).optional() });
const Answer = z.object({ ratings: z.array(Rating) });
export type ImportanceRatings = z.infer<typeof Answer>;
export type MemoryRating = { importance: number; emotion: number };

/** How poignant each new memory is (1 = mundane, 10 = life-changing) and how much it stirs the agent (0-1), several per call. */
export const rateImportance: CognitiveTask<ImportanceContext, ImportanceRatings> = {
  purpose: "importance",
  schemaName: "importance_ratings",
  schema: Answer,
  maxTokens: 300,
  prompt: ({ profile, memories }) => [
    identityMessage(
      profile,
      "Rate how important each memory is to you, from 1 (mundane, like brushing teeth) to 10 (life-changing), and how strongly it moves you emotionally, from 0 (not at all) to 1 (deeply).",
    ),
    {
      role: "user",
      content: `${memories.map((memory) => `[${memory.index}] ${memory.content}`).join("\n")}\n\nReply as {"ratings": [{"index": 0, "importance": 3, "emotion": 0.2}, ...]}.`,
    },
  ],
  offline: ({ profile, memories }) => ({ ratings: memories.map((memory) => ({ index: memory.index, ...ruleRating(memory.content, memory.type, profile) })) }),
};

// Keyword rules: [pattern, importance, emotional relevance].
const RULES: [RegExp, number, number][] = [
  [/\b(died|death|fire|fight|married|love|hate|secret|stolen|hurt|attack)\b/i, 9, 0.8],
  [/\b(said|asked|told|promised|invited|argued)\b/i, 6, 0.3],
  [/\b(warmer|cooled|angry|afraid|happy|sad|grateful|worried)\b/i, 5, 0.5],
  [/\b(player|stranger|newcomer|visitor)\b/i, 5, 0.2],
  [/\bis nearby\b/i, 2, 0],
  [/\b(idle|walking to|sleeping|resting)\b/i, 1, 0],
];

// Where no keyword matches, a memory is worth this much.
const UNREMARKABLE: MemoryRating = { importance: 3, emotion: 0.1 };
// The least a kind of memory is worth, whatever its words (insights weigh more than what they come from, as in Park et al.).
const FLOOR: Record<string, MemoryRating> = {
  reflection: { importance: 7, emotion: 0.3 },
  metacognition: { importance: 6, emotion: 0.2 },
};
const PLAN: MemoryRating = { importance: 4, emotion: 0 };

/** The offline provider's rating: keywords for events that matter, and what the agent likes or dislikes. */
export function ruleRating(content: string, type: string, profile: AgentProfile): MemoryRating {
  if (type === "plan") return PLAN;
  const matched = RULES.filter(([pattern]) => pattern.test(content));
  const floor = FLOOR[type] ?? { importance: 1, emotion: 0 };
  let importance = Math.max(floor.importance, matched.length > 0 ? Math.max(...matched.map(([, value]) => value)) : UNREMARKABLE.importance);
  let emotion = Math.max(floor.emotion, matched.length > 0 ? Math.max(...matched.map(([, , value]) => value)) : UNREMARKABLE.emotion);
  const lower = content.toLowerCase();
  if ([...profile.likes, ...profile.dislikes].some((topic) => topic && lower.includes(topic.toLowerCase()))) {
    importance += 2;
    emotion += 0.2;
  }
  return { importance: Math.max(1, Math.min(10, importance)), emotion: Math.min(1, Math.round(emotion * 100) / 100) };
}
