import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { identityMessage, numbered, type AgentProfile } from "./profile.ts";
import type { MemoryLine } from "./reflect.ts";

export interface NightContext {
  profile: AgentProfile;
  day: number;
  plan: string[];
  /** The day's most important memories. */
  highlights: MemoryLine[];
  /** How the agent's feelings changed in the day's conversations ("My feelings toward Otto cooled: ..."). */
  feelings: string[];
}

const Answer = z.object({
  summary: z.string().trim().min(5).max(600),
  performance_evaluation: z.string().trim().min(3).max(600),
  strategy_adjustments: z.array(z.string().max(200)).max(5),
  goal_modifications: z.array(z.string().max(200)).max(5),
  tomorrow_focus: z.string().max(200),
});
export type NightReview = z.infer<typeof Answer>;

/** "Sleep": summarise the day and judge it against the agent's goals (metacognition), shaping tomorrow. */
export const nightlyReview: CognitiveTask<NightContext, NightReview> = {
  purpose: "metacognition",
  schemaName: "night_review",
  schema: Answer,
  maxTokens: 500,
  prompt: ({ profile, day, plan, highlights, feelings }) => [
    identityMessage(profile, "It is the end of the day. Summarise it and judge honestly how it served your goals."),
    {
      role: "user",
      content: [
        `Day ${day}. Your plan was:\n${numbered(plan)}`,
        `What stood out:\n${highlights.map((memory) => `- ${memory.content}`).join("\n") || "- nothing in particular"}`,
        feelings.length ? `How your feelings changed:\n${feelings.map((feeling) => `- ${feeling}`).join("\n")}` : "",
        `Goals: ${[profile.primaryGoal, ...profile.secondaryGoals].filter(Boolean).join("; ")}`,
        'goal_modifications are what you now want to do that your goals did not say (e.g. "make peace with Otto"); tomorrow\'s plan works them in.',
        'Reply as {"summary": "...", "performance_evaluation": "...", "strategy_adjustments": ["..."], "goal_modifications": [], "tomorrow_focus": "..."}.',
      ]
        .filter(Boolean)
        .join("\n\n"),
    },
  ],
  offline: ({ profile, day, plan, highlights, feelings }) => {
    const goal = profile.primaryGoal ?? "my work";
    const top = highlights.slice(0, 3).map((memory) => memory.content.replace(/\.$/, ""));
    return {
      summary: `Day ${day}: ${plan.length} things planned. ${top.length ? `What stood out: ${top.join("; ")}.` : "A quiet day."}`,
      performance_evaluation: `I kept to my routine and moved ${goal} along a little.`,
      strategy_adjustments: top.length ? [`Follow up on: ${top[0]}`] : [],
      goal_modifications: goalsFromFeelings(feelings),
      tomorrow_focus: goal,
    };
  },
};

// Goals the offline provider takes on from a day's changed feelings, at most this many.
const MAX_GOAL_CHANGES = 2;

/** Someone the agent cooled toward is someone to make peace with; someone it warmed to, someone to see more of. */
function goalsFromFeelings(feelings: readonly string[]): string[] {
  const goals: string[] = [];
  for (const feeling of feelings) {
    const match = /^My feelings toward (.+?) (grew warmer|cooled)\b/.exec(feeling);
    if (!match) continue;
    const goal = match[2] === "cooled" ? `make peace with ${match[1]}` : `spend more time with ${match[1]}`;
    if (!goals.includes(goal)) goals.push(goal);
  }
  return goals.slice(-MAX_GOAL_CHANGES);
}

export interface ConsolidationContext {
  profile: AgentProfile;
  observations: MemoryLine[];
}

const Summary = z.object({ summary: z.string().trim().min(5).max(800) });

/** Many small old observations become one summary memory, so memory does not grow without bound. */
export const consolidate: CognitiveTask<ConsolidationContext, z.infer<typeof Summary>> = {
  purpose: "consolidation",
  schemaName: "consolidation",
  schema: Summary,
  maxTokens: 300,
  prompt: ({ profile, observations }) => [
    identityMessage(profile, "Condense these minor observations into one short paragraph worth remembering."),
    { role: "user", content: `${observations.map((memory) => `- ${memory.content}`).join("\n")}\n\nReply as {"summary": "..."}.` },
  ],
  offline: ({ observations }) => {
    const distinct = [...new Set(observations.map((memory) => memory.content.replace(/\.$/, "")))];
    const shown = distinct.slice(0, 8).join("; ");
    return { summary: `Earlier I noticed: ${shown}${distinct.length > 8 ? `; and ${distinct.length - 8} more small things` : ""}.` };
  },
};
