import { z } from "zod";
import type { AgentProfile } from "../../agents/cognition/profile.ts";
import type { CognitiveTask, LlmProvider } from "../../src/llm/task.ts";
import type { ScoredAnswer } from "./scoring.ts";

interface JudgeContext {
  profile: AgentProfile;
  question: string;
  answer: string;
}

const Verdict = z.object({ believability: z.number().int().min(1).max(7), reason: z.string().max(300) });

/** A model rates how believable an answer is for this character, 1-7 (Park et al. had human judges rank them). */
export const judgeTask: CognitiveTask<JudgeContext, z.infer<typeof Verdict>> = {
  purpose: "judge",
  schemaName: "believability",
  schema: Verdict,
  maxTokens: 120,
  prompt: ({ profile, question, answer }) => [
    {
      role: "system",
      content:
        "You judge a character in a village life simulation. Rate how believable the character's answer is as something this person would say, " +
        "from 1 (not at all: off-topic, out of character, nonsensical) to 7 (fully believable). Reply with JSON only.",
    },
    {
      role: "user",
      content: [
        `Character: ${profile.name}${profile.role ? `, the ${profile.role}` : ""}. Traits: ${profile.personalityTraits.join(", ") || "none given"}. Goal: ${profile.primaryGoal ?? "none given"}.`,
        `Question: ${question}`,
        `Answer: ${answer}`,
        'Reply as {"believability": 1-7, "reason": "..."}.',
      ].join("\n"),
    },
  ],
  // Never used: the judge pass runs only with a model.
  offline: () => ({ believability: 1, reason: "no model" }),
};

/** Each answer with the model's believability rating; an answer the model could not rate has none. */
export async function judge(llm: LlmProvider, profiles: Map<string, AgentProfile>, answers: readonly ScoredAnswer[]): Promise<(ScoredAnswer & { believability?: number })[]> {
  const judged = [];
  for (const answer of answers) {
    const result = await llm.run(judgeTask, { profile: profiles.get(answer.agentId)!, question: answer.question, answer: answer.answer });
    judged.push(result.status === "ok" ? { ...answer, believability: result.value.believability } : answer);
  }
  return judged;
}
