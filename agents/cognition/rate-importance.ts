import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { identityMessage, type AgentProfile } from "./profile.ts";

export interface ImportanceContext {
  profile: AgentProfile;
  memories: { index: number; content: string; type: string }[];
}

const Answer = z.object({ ratings: z.array(z.object({ index: z.int().min(0), importance: z.int().min(1).max(10) })) });
export type ImportanceRatings = z.infer<typeof Answer>;

/** How poignant each new memory is (1 = mundane, 10 = life-changing), several per call. */
export const rateImportance: CognitiveTask<ImportanceContext, ImportanceRatings> = {
  purpose: "importance",
  schemaName: "importance_ratings",
  schema: Answer,
  maxTokens: 200,
  prompt: ({ profile, memories }) => [
    identityMessage(profile, "Rate how important each memory is to you, from 1 (mundane, like brushing teeth) to 10 (life-changing)."),
    {
      role: "user",
      content: `${memories.map((memory) => `[${memory.index}] ${memory.content}`).join("\n")}\n\nReply as {"ratings": [{"index": 0, "importance": 3}, ...]}.`,
    },
  ],
  offline: ({ profile, memories }) => ({ ratings: memories.map((memory) => ({ index: memory.index, importance: ruleImportance(memory.content, memory.type, profile) })) }),
};

const RULES: [RegExp, number][] = [
  [/\b(died|death|fire|fight|married|love|hate|secret|stolen|hurt|attack)\b/i, 9],
  [/\b(said|asked|told|promised|invited|argued)\b/i, 6],
  [/\b(player|stranger|newcomer|visitor)\b/i, 5],
  [/\bis nearby\b/i, 2],
  [/\b(idle|walking to|sleeping|resting)\b/i, 1],
];

/** The offline mind's rating: keywords for events that matter, and what the agent likes or dislikes. */
export function ruleImportance(content: string, type: string, profile: AgentProfile): number {
  if (type === "reflection") return 7;
  if (type === "plan") return 4;
  const matched = RULES.filter(([pattern]) => pattern.test(content)).map(([, value]) => value);
  let score = matched.length > 0 ? Math.max(...matched) : 3;
  const lower = content.toLowerCase();
  if ([...profile.likes, ...profile.dislikes].some((topic) => topic && lower.includes(topic.toLowerCase()))) score = Math.min(10, score + 2);
  return Math.max(1, Math.min(10, score));
}
