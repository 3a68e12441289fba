import { z } from "zod";
import type { Relationship } from "../../db/repositories/relationship-repository.ts";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { feelingWords } from "../cognition/feeling-words.ts";
import { clock, identityMessage, numbered, type AgentProfile } from "../cognition/profile.ts";
import { phraseActivity } from "../../src/world/activity-phrase.ts";
import { offlineTurn } from "./offline-npc-turn.ts";
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
        `It is ${clock(gameMinuteOfDay)}; you were ${phraseActivity(activity).doing}${mood === undefined && energy === undefined ? "" : `, ${feelingWords(mood, energy)}`}.`,
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
