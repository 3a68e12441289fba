import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { clock, identityMessage, numbered, type AgentProfile } from "./profile.ts";

export interface PlanDayContext {
  profile: AgentProfile;
  day: number;
  yesterday: string | null;
  memories: string[];
}

const Answer = z.object({ strokes: z.array(z.string().trim().min(1).max(160)).min(3).max(10) });
export type DayPlan = z.infer<typeof Answer>;

/** The day in 5-8 broad strokes (Park et al.: plan top-down, then decompose). */
export const planDay: CognitiveTask<PlanDayContext, DayPlan> = {
  purpose: "plan_day",
  schemaName: "day_plan",
  schema: Answer,
  maxTokens: 300,
  prompt: ({ profile, day, yesterday, memories }) => [
    identityMessage(profile, "Plan your day in 5 to 8 broad strokes, each with a rough time."),
    {
      role: "user",
      content: [
        `Today is day ${day}.`,
        yesterday ? `Yesterday: ${yesterday}` : "",
        memories.length ? `On your mind:\n${numbered(memories)}` : "",
        `Your usual routine:\n${profile.routine.map((slot) => `${clock(slot.startMinute)} ${slot.activity}`).join("\n")}`,
        'Reply as {"strokes": ["6:00 wake up and ...", ...]}.',
      ]
        .filter(Boolean)
        .join("\n\n"),
    },
  ],
  offline: ({ profile }) => {
    const slots = profile.routine.length ? profile.routine : [{ startMinute: 8 * 60, activity: "go about the day", location: null }];
    const strokes = slots.map((slot) => `${clock(slot.startMinute)} ${slot.activity}${slot.location ? ` at the ${slot.location.replaceAll("_", " ")}` : ""}`);
    while (strokes.length < 3) strokes.push(`rest and think about ${profile.primaryGoal ?? "tomorrow"}`);
    return { strokes: strokes.slice(0, 10) };
  },
};
