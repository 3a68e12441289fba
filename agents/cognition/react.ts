import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { phraseActivity } from "../../src/world/activity-phrase.ts";
import { identityMessage, numbered, stableHash, type AgentProfile } from "./profile.ts";

export interface ReactionContext {
  profile: AgentProfile;
  activity: string;
  location: string | null;
  observation: string;
  subject: { kind: "player" | "agent"; id: string; name: string };
  /** What the agent feels about the subject, if anything. */
  relationship: string | null;
  memories: string[];
  gameMinuteOfDay: number;
}

const Answer = z.object({
  react: z.boolean(),
  activity: z.string().trim().min(1).max(120).optional(),
  reason: z.string().max(200),
});
export type Reaction = z.infer<typeof Answer>;

/** Whether to keep doing what it does or to react to what it just noticed (then re-plan the rest of the hour). */
export const react: CognitiveTask<ReactionContext, Reaction> = {
  purpose: "reaction",
  schemaName: "reaction",
  schema: Answer,
  maxTokens: 120,
  prompt: ({ profile, activity, location, observation, relationship, memories }) => [
    identityMessage(profile, "Decide whether to react to what you just noticed or to carry on."),
    {
      role: "user",
      content: [
        `You are ${phraseActivity(activity, location).doing}.`,
        `You notice: ${observation}`,
        relationship ? `About them: ${relationship}` : "",
        memories.length ? `You remember:\n${numbered(memories)}` : "",
        'Reply as {"react": true|false, "activity": "what you do now, if you react", "reason": "..."}.',
      ]
        .filter(Boolean)
        .join("\n\n"),
    },
  ],
  offline: ({ profile, subject, activity, relationship, gameMinuteOfDay }) => {
    const asleep = /\bsleep|bed\b/i.test(activity) || gameMinuteOfDay < 6 * 60;
    const sociable = profile.personalityTraits.some((trait) => /friendly|sociable|outgoing|warm|curious|chatty|gossip/i.test(trait));
    // Strangers (players) are greeted by sociable agents; friends by everyone, now and then.
    const greet = !asleep && (subject.kind === "player" ? sociable || stableHash(profile.id + subject.id) % 2 === 0 : relationship !== null && stableHash(profile.id + subject.id + gameMinuteOfDay) % 4 === 0);
    return greet
      ? { react: true, activity: `greeting ${subject.name}`, reason: subject.kind === "player" ? "a new face is worth a hello" : "good to see a friend" }
      : { react: false, reason: asleep ? "too tired" : "busy with my work" };
  },
};
