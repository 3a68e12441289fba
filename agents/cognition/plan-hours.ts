import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { ClockTime, clockTimeToMinutes } from "../../src/content/identifiers.ts";
import { laidOver } from "../engine/mind.ts";
import type { ScheduleSlot } from "../../src/world/schedule.ts";
import { clock, identityMessage, numbered, type AgentProfile } from "./profile.ts";

export interface PlanHoursContext {
  profile: AgentProfile;
  strokes: string[];
  /** Location names the agent can go to. */
  locations: string[];
}

const Block = z.object({ start: ClockTime, activity: z.string().trim().min(1).max(120), location: z.string().nullable() });
const Answer = z.object({ blocks: z.array(Block).min(3).max(24) });
export type HourBlocks = z.infer<typeof Answer>;

/** The broad strokes turned into hour-level blocks with a place on the map for each. */
export const planHours: CognitiveTask<PlanHoursContext, HourBlocks> = {
  purpose: "plan_hour",
  schemaName: "hour_blocks",
  schema: Answer,
  maxTokens: 700,
  prompt: ({ profile, strokes, locations }) => [
    identityMessage(profile, "Turn your plan for today into blocks of about an hour, each at one place."),
    {
      role: "user",
      content: [
        `Plan:\n${numbered(strokes)}`,
        `Places (use these names exactly, or null to stay where you are): ${locations.join(", ")}`,
        'Reply as {"blocks": [{"start": "H:MM", "activity": "...", "location": "place or null"}, ...]} covering the whole day.',
      ].join("\n\n"),
    },
  ],
  // The routine, with each stroke the routine does not have (a promise, a visit, a new goal) laid over it at its time.
  offline: ({ profile, strokes, locations }) => {
    let blocks: ScheduleSlot[] = profile.routine.map((slot) => ({ ...slot }));
    const routineStarts = new Set(profile.routine.map((slot) => slot.startMinute));
    for (const stroke of strokes) {
      const errand = timedStroke(stroke, locations);
      if (errand && !routineStarts.has(errand.startMinute)) blocks = laidOver(blocks, errand, ERRAND_MINUTES);
    }
    return { blocks: blocks.sort((a, b) => a.startMinute - b.startMinute).map((slot) => ({ start: clock(slot.startMinute), activity: slot.activity, location: slot.location })) };
  },
};

// Something the day plan adds to the routine (a promise, a visit, a new goal) takes this long, then the routine resumes.
const ERRAND_MINUTES = 30;

/** A stroke written as "H:MM what [at the place]", as a schedule slot; null when it has no time. */
function timedStroke(stroke: string, locations: readonly string[]): ScheduleSlot | null {
  const match = /^(\d{1,2}:\d{2})\s+(.+)$/.exec(stroke.trim());
  if (!match || !ClockTime.safeParse(match[1]).success) return null;
  const place = locations.find((location) => match[2]!.endsWith(` at the ${location.replaceAll("_", " ")}`));
  const activity = place ? match[2]!.slice(0, -` at the ${place.replaceAll("_", " ")}`.length) : match[2]!;
  return { startMinute: clockTimeToMinutes(match[1]!), activity, location: place ?? null };
}

/** Blocks sorted by start, with locations the map does not know replaced by null (stay put). */
export function cleanBlocks(blocks: HourBlocks["blocks"], locations: readonly string[]) {
  const known = new Set(locations);
  return blocks
    .map((block) => ({ startMinute: clockTimeToMinutes(block.start), activity: block.activity, location: block.location && known.has(block.location) ? block.location : null }))
    .sort((a, b) => a.startMinute - b.startMinute);
}
