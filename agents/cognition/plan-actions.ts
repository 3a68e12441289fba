import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { clock, identityMessage, numbered, type AgentProfile } from "./profile.ts";

export interface PlanActionsContext {
  profile: AgentProfile;
  /** The hour block that is starting. */
  block: { startMinute: number; endMinute: number; activity: string; location: string | null };
  memories: string[];
  locations: string[];
}

const Action = z.object({
  minute: z.int().min(0).max(180).describe("Minutes after the block starts"),
  activity: z.string().trim().min(1).max(120),
  location: z.string().nullable(),
});
const Answer = z.object({ actions: z.array(Action).min(1).max(12) });
export type BlockActions = z.infer<typeof Answer>;

/** Decomposes the block that is starting into 5-15 minute actions, lazily, one block at a time. */
export const planActions: CognitiveTask<PlanActionsContext, BlockActions> = {
  purpose: "plan_actions",
  schemaName: "block_actions",
  schema: Answer,
  maxTokens: 400,
  prompt: ({ profile, block, memories, locations }) => [
    identityMessage(profile, "Break the next block of your day into concrete actions of 5 to 15 minutes."),
    {
      role: "user",
      content: [
        `Block: ${clock(block.startMinute)}-${clock(block.endMinute)} ${block.activity}${block.location ? ` at ${block.location}` : ""}.`,
        memories.length ? `Relevant memories:\n${numbered(memories)}` : "",
        `Places: ${locations.join(", ")}`,
        'Reply as {"actions": [{"minute": 0, "activity": "...", "location": "place or null"}, ...]} (minute = minutes after the block starts).',
      ]
        .filter(Boolean)
        .join("\n\n"),
    },
  ],
  // Designers often write "open shop, light forge": each part becomes its own action, spread over the block.
  offline: ({ block }) => {
    const parts = block.activity.split(/,| and then | then /).map((part) => part.trim()).filter(Boolean);
    const length = Math.max(5, block.endMinute - block.startMinute);
    const step = Math.max(5, Math.min(15, Math.floor(length / Math.max(1, parts.length))));
    return { actions: (parts.length ? parts : [block.activity]).slice(0, 12).map((activity, index) => ({ minute: index * step, activity, location: block.location })) };
  },
};
