import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { placeSuffix } from "../../src/world/activity-phrase.ts";
import { clock, identityMessage, numbered, type AgentProfile } from "./profile.ts";

/** Someone the agent feels strongly about, as a plan sees them. */
export interface PlanTie {
  name: string;
  /** -100..100 */
  affection: number;
  /** The relationship in a prompt's words (relationship-view.ts). */
  description: string;
}

export interface PlanDayContext {
  profile: AgentProfile;
  day: number;
  yesterday: string | null;
  memories: string[];
  /** News the agent has heard lately, newest first. */
  news: string[];
  /** Meetings it promised for this day. */
  promises: { startMinute: number; activity: string; location: string | null }[];
  /** Its closest and most strained relationships. */
  ties: PlanTie[];
  /** What last night's review added to its goals ("make peace with Otto"). */
  goalChanges: string[];
}

const Answer = z.object({ strokes: z.array(z.string().trim().min(1).max(160)).min(3).max(10) });
export type DayPlan = z.infer<typeof Answer>;

// Affection (-100..100) from which someone is a close friend worth a visit on the offline provider's plan.
const CLOSE_AFFECTION = 40;
// When the offline provider's plan goes to see that friend: after the working day.
const VISIT_MINUTE = 18 * 60;
// When the offline provider's plan works in last night's new goals: after work, before the evening visit, one after another.
const GOALS_MINUTE = 16 * 60 + 30;
const GOAL_GAP_MINUTES = 45;
const MAX_STROKES = 10;

/** The day in 5-8 broad strokes (Park et al.: plan top-down, then decompose). */
export const planDay: CognitiveTask<PlanDayContext, DayPlan> = {
  purpose: "plan_day",
  schemaName: "day_plan",
  schema: Answer,
  maxTokens: 300,
  prompt: ({ profile, day, yesterday, memories, news, promises, ties, goalChanges }) => [
    identityMessage(profile, "Plan your day in 5 to 8 broad strokes, each with a rough time."),
    {
      role: "user",
      content: [
        `Today is day ${day}.`,
        yesterday ? `Yesterday: ${yesterday}` : "",
        promises.length ? `You promised to be there:\n${numbered(promises.map(promiseStroke))}` : "",
        news.length ? `News you heard lately:\n${numbered(news)}` : "",
        goalChanges.length ? `Since last night you also want to:\n${numbered(goalChanges)}` : "",
        ties.length ? `People on your mind:\n${ties.map((tie) => `- ${tie.description}`).join("\n")}` : "",
        memories.length ? `On your mind:\n${numbered(memories)}` : "",
        `Your usual routine:\n${profile.routine.map((slot) => `${clock(slot.startMinute)} ${slot.activity}`).join("\n")}`,
        'Reply as {"strokes": ["6:00 wake up and ...", ...]}.',
      ]
        .filter(Boolean)
        .join("\n\n"),
    },
  ],
  // The routine, with the promised meetings at their times, last night's new goals in the late afternoon and an evening visit to the closest friend.
  offline: ({ profile, promises, ties, goalChanges }) => {
    const slots = profile.routine.length ? profile.routine : [{ startMinute: 8 * 60, activity: "go about the day", location: null }];
    const friend = ties.filter((tie) => tie.affection >= CLOSE_AFFECTION).sort((a, b) => b.affection - a.affection)[0];
    const extra = promises.map((promise) => ({ startMinute: promise.startMinute, text: promiseStroke(promise) }));
    for (const [index, goal] of goalChanges.entries()) {
      const minute = GOALS_MINUTE + index * GOAL_GAP_MINUTES;
      extra.push({ startMinute: minute, text: `${clock(minute)} ${goal}` });
    }
    if (friend) extra.push({ startMinute: VISIT_MINUTE, text: `${clock(VISIT_MINUTE)} look in on ${friend.name}` });
    const routine = slots.map((slot) => ({ startMinute: slot.startMinute, text: `${clock(slot.startMinute)} ${slot.activity}${placeSuffix(slot.activity, slot.location)}` }));
    // What the day holds beyond the routine is kept first when there are more strokes than a plan takes.
    const kept = [...extra, ...routine].slice(0, MAX_STROKES).sort((a, b) => a.startMinute - b.startMinute);
    const strokes = kept.map((stroke) => stroke.text);
    while (strokes.length < 3) strokes.push(`rest and think about ${profile.primaryGoal ?? "tomorrow"}`);
    return { strokes };
  },
};

function promiseStroke(promise: { startMinute: number; activity: string; location: string | null }): string {
  return `${clock(promise.startMinute)} ${promise.activity}${placeSuffix(promise.activity, promise.location)}`;
}
