import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { ClockTime, clockTimeToMinutes } from "../../src/content/identifiers.ts";
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
  offline: ({ profile }) => ({
    blocks: profile.routine.map((slot) => ({ start: clock(slot.startMinute), activity: slot.activity, location: slot.location })),
  }),
};

/** Blocks sorted by start, with locations the map does not know replaced by null (stay put). */
export function cleanBlocks(blocks: HourBlocks["blocks"], locations: readonly string[]) {
  const known = new Set(locations);
  return blocks
    .map((block) => ({ startMinute: clockTimeToMinutes(block.start), activity: block.activity, location: block.location && known.has(block.location) ? block.location : null }))
    .sort((a, b) => a.startMinute - b.startMinute);
}
