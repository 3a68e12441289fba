import { z } from "zod";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { phraseActivity } from "../../src/world/activity-phrase.ts";
import { feelingWords, isExhausted } from "./feeling-words.ts";
import { identityMessage, numbered, stableHash, type AgentProfile } from "./profile.ts";

export interface ReactionContext {
  profile: AgentProfile;
  activity: string;
  location: string | null;
  observation: string;
  subject: { kind: "player" | "agent"; id: string; name: string };
  /** What the agent feels about the subject as things stand (in a prompt's words, and affection -100..100), if anything. */
  relationship: { description: string; affection: number } | null;
  memories: string[];
  gameMinuteOfDay: number;
  /** The agent's mood in a word and its energy (0-100), from the live world. */
  mood?: string;
  energy?: number;
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
  prompt: ({ profile, activity, location, observation, relationship, memories, mood, energy }) => [
    identityMessage(profile, "Decide whether to react to what you just noticed or to carry on."),
    {
      role: "user",
      content: [
        `You are ${phraseActivity(activity, location).doing}${mood === undefined && energy === undefined ? "" : `, ${feelingWords(mood, energy)}`}.`,
        `You notice: ${observation}`,
        relationship ? relationship.description : "",
        memories.length ? `You remember:\n${numbered(memories)}` : "",
        'Reply as {"react": true|false, "activity": "what you do now, if you react", "reason": "..."}.',
      ]
        .filter(Boolean)
        .join("\n\n"),
    },
  ],
  offline: ({ profile, subject, activity, relationship, gameMinuteOfDay, energy }) => {
    if (isExhausted(energy)) return { react: false, reason: "too exhausted to stop for anyone" };
    const asleep = /\bsleep|bed\b/i.test(activity) || gameMinuteOfDay < 6 * 60;
    if (asleep) return { react: false, reason: "too tired" };
    const affection = relationship?.affection ?? 0;
    const sociable = profile.personalityTraits.some((trait) => /friendly|sociable|outgoing|warm|curious|chatty|gossip/i.test(trait));
    const now = stableHash(profile.id + subject.id + gameMinuteOfDay);
    // Someone the agent dislikes is kept at a distance; friends are greeted often, strangers by sociable agents.
    if (affection <= COLD) return now % 2 === 0 ? { react: true, activity: `keeping clear of ${subject.name}`, reason: `I have no wish to talk to ${subject.name}` } : { react: false, reason: "better to ignore them" };
    const greet = affection >= WARM ? now % 2 === 0 : subject.kind === "player" ? sociable || stableHash(profile.id + subject.id) % 2 === 0 : relationship !== null && now % 4 === 0;
    return greet
      ? { react: true, activity: `greeting ${subject.name}`, reason: affection >= WARM ? `always glad to see ${subject.name}` : subject.kind === "player" ? "a new face is worth a hello" : "good to see a familiar face" }
      : { react: false, reason: "busy with my work" };
  },
};

// Affections (-100..100) from which the offline provider greets someone readily, or keeps clear of them.
const WARM = 20;
const COLD = -20;
