import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { topicsOf } from "./memory-topics.ts";
import { identityMessage, type AgentProfile } from "./profile.ts";

export interface MemoryLine {
  id: string;
  content: string;
}

export interface QuestionsContext {
  profile: AgentProfile;
  recent: MemoryLine[];
  /** The world's locations, which the offline provider recognises as topics in memories. */
  places: readonly string[];
}

const Questions = z.object({ questions: z.array(z.string().trim().min(5).max(200)).min(1).max(5) });
export type ReflectionQuestions = z.infer<typeof Questions>;

/** Step one of reflection (Park et al.): the salient high-level questions raised by recent memories. */
export const reflectionQuestions: CognitiveTask<QuestionsContext, ReflectionQuestions> = {
  purpose: "reflection_questions",
  schemaName: "reflection_questions",
  schema: Questions,
  maxTokens: 200,
  prompt: ({ profile, recent }) => [
    identityMessage(profile, "Given only these recent memories, what are the 3 most salient high-level questions you can answer about yourself and the people around you?"),
    { role: "user", content: `${recent.map((memory) => `- ${memory.content}`).join("\n")}\n\nReply as {"questions": ["...", "...", "..."]}.` },
  ],
  offline: ({ profile, recent, places }) => {
    const topics = topicsOf(recent.map((memory) => memory.content), places, profile.name).slice(0, 3);
    const questions = topics.map((topic) => `What do I think about ${topic.name}?`);
    if (questions.length === 0) questions.push(`How am I doing with ${profile.primaryGoal ?? "my work"}?`);
    return { questions };
  },
};

export interface InsightsContext {
  profile: AgentProfile;
  questions: { question: string; memories: MemoryLine[] }[];
}

const Insights = z.object({
  insights: z
    .array(z.object({ insight: z.string().trim().min(5).max(300), evidence: z.array(z.string()).min(1).max(10) }))
    .min(1)
    .max(6),
});
export type ReflectionInsights = z.infer<typeof Insights>;

/** Step two: insights that answer the questions, each citing the memories it rests on. */
export const reflectionInsights: CognitiveTask<InsightsContext, ReflectionInsights> = {
  purpose: "reflection_insights",
  schemaName: "reflection_insights",
  schema: Insights,
  maxTokens: 500,
  prompt: ({ profile, questions }) => [
    identityMessage(profile, "Answer each question with a high-level insight, citing the ids of the memories it comes from."),
    {
      role: "user",
      content: `${questions
        .map(({ question, memories }) => `Question: ${question}\n${memories.map((memory) => `[${memory.id}] ${memory.content}`).join("\n")}`)
        .join("\n\n")}\n\nReply as {"insights": [{"insight": "...", "evidence": ["id", ...]}, ...]}.`,
    },
  ],
  offline: ({ questions }) => ({
    insights: questions
      .filter(({ memories }) => memories.length > 0)
      .map(({ question, memories }) => {
        const subject = /about (.+)\?$/.exec(question)?.[1] ?? "this";
        const evidence = memories.slice(0, 3);
        return { insight: `I keep noticing ${subject}: ${evidence[0]!.content.replace(/\.$/, "")}${evidence.length > 1 ? `, and more like it` : ""}.`, evidence: evidence.map((memory) => memory.id) };
      }),
  }),
};
