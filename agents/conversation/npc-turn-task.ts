import { z } from "zod";
import type { Relationship } from "../../db/repositories/relationship-repository.ts";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { feelingWords } from "../cognition/feeling-words.ts";
import { clock, identityMessage, numbered, stableHash, type AgentProfile } from "../cognition/profile.ts";
import { describeRelationship } from "./relationship-view.ts";

export interface NpcTurnContext {
  profile: AgentProfile;
  partner: { id: string; name: string };
  relationship: Relationship;
  activity: string;
  memories: string[];
  /** News this agent could pass on (facts it heard), numbered from 1 in the prompt. */
  news: string[];
  transcript: { speaker: string; text: string }[];
  turnsLeft: number;
  gameMinuteOfDay: number;
  /** The speaker's mood in a word and its energy (0-100), from the live world. */
  mood?: string;
  energy?: number;
}

const Answer = z.object({
  line: z.string().trim().min(1).max(300),
  end: z.boolean(),
  /** Which item of `news` the line passes on (1-based), or 0 for none. */
  shares: z.int().min(0).max(20),
});
export type NpcTurn = z.infer<typeof Answer>;

/** One line of a conversation between two agents, from the speaker's own memories and feelings. */
export const npcTurnTask: CognitiveTask<NpcTurnContext, NpcTurn> = {
  purpose: "conversation",
  schemaName: "conversation_turn",
  schema: Answer,
  maxTokens: 120,
  prompt: ({ profile, partner, relationship, activity, memories, news, transcript, turnsLeft, gameMinuteOfDay, mood, energy }) => [
    identityMessage(profile, `You are chatting with ${partner.name} in the village. Speak in character, one or two short sentences.`),
    {
      role: "user",
      content: [
        `It is ${clock(gameMinuteOfDay)}; you were ${activity}${mood === undefined && energy === undefined ? "" : `, ${feelingWords(mood, energy)}`}.`,
        describeRelationship(partner.name, relationship),
        memories.length ? `You remember:\n${numbered(memories)}` : "",
        news.length ? `News you could pass on:\n${numbered(news)}` : "",
        transcript.length ? `So far:\n${transcript.map((turn) => `${turn.speaker}: ${turn.text}`).join("\n")}` : `You start the conversation.`,
        turnsLeft <= 1 ? "This is your last line: wrap up." : "",
        'Reply as {"line": "what you say", "end": true if you close the conversation, "shares": number of the news item your line passes on, or 0}.',
      ]
        .filter(Boolean)
        .join("\n\n"),
    },
  ],
  offline: (context) => offlineTurn(context),
};

/** Greets, passes on the first piece of news, asks after the other, and says goodbye near the cap. */
function offlineTurn({ profile, partner, relationship, activity, news, transcript, turnsLeft }: NpcTurnContext): NpcTurn {
  const mine = transcript.filter((turn) => turn.speaker === profile.name).length;
  if (turnsLeft <= 1 || mine >= 3) return { line: `Well, I should get back to it. See you, ${partner.name}!`, end: true, shares: 0 };
  if (mine < 2 && news.length > 0) {
    const opener = transcript.length === 0 ? `${greeting(relationship.affection)}, ${partner.name}! ` : "";
    return { line: `${opener}${mine === 0 ? "Have you heard?" : "Oh, and"} ${news[0]}`, end: false, shares: 1 };
  }
  if (transcript.length === 0) return { line: `${greeting(relationship.affection)}, ${partner.name}! How are you today?`, end: false, shares: 0 };
  const lines = [`I've been ${activity} all morning.`, `How is work treating you, ${partner.name}?`, "The weather has been kind to us lately.", "Let's catch up properly soon."];
  return { line: lines[stableHash(profile.id + partner.id + transcript.length) % lines.length]!, end: false, shares: 0 };
}

function greeting(affection: number): string {
  return affection >= 30 ? "Oh, it's so good to see you" : affection <= -20 ? "Oh. It's you" : "Hello";
}
