import { z } from "zod";
import type { Relationship, RelationshipType } from "../../db/repositories/relationship-repository.ts";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { identityMessage, type AgentProfile } from "../cognition/profile.ts";
import { describeRelationship } from "./relationship-view.ts";

export interface RelationshipContext {
  profile: AgentProfile;
  other: { name: string };
  relationship: Relationship;
  transcript: { speaker: string; text: string }[];
}

const TYPES = ["friend", "colleague", "rival", "romantic", "family", "acquaintance"] as const satisfies readonly RelationshipType[];

const Answer = z.object({
  summary: z.string().trim().min(1).max(300),
  affectionChange: z.int().min(-100).max(100),
  trustChange: z.int().min(-100).max(100),
  type: z.enum(TYPES),
  reason: z.string().trim().min(1).max(200),
});
export type RelationshipJudgement = z.infer<typeof Answer>;

/** After a conversation: what it was about, and how it changed the agent's feelings (bounded by the engine). */
export const relationshipTask: CognitiveTask<RelationshipContext, RelationshipJudgement> = {
  purpose: "relationship",
  schemaName: "relationship_judgement",
  schema: Answer,
  maxTokens: 160,
  prompt: ({ profile, other, relationship, transcript }) => [
    identityMessage(profile, `You just talked with ${other.name}. Judge the conversation from your point of view.`),
    {
      role: "user",
      content: [
        describeRelationship(other.name, relationship),
        `The conversation:\n${transcript.map((turn) => `${turn.speaker}: ${turn.text}`).join("\n")}`,
        `Reply as {"summary": "one sentence: what you talked about", "affectionChange": -10..10, "trustChange": -10..10, "type": one of ${TYPES.join("|")}, "reason": "why your feelings changed (or not)"}.`,
      ].join("\n\n"),
    },
  ],
  offline: ({ profile, other, relationship, transcript }) => {
    const theirs = transcript.filter((turn) => turn.speaker !== profile.name).map((turn) => turn.text).join(" ");
    const kind = (pattern: RegExp) => (theirs.match(pattern) ?? []).length;
    const warmth = kind(/\b(thank|thanks|love|great|wonderful|friend|kind|lovely|glad|happy|please|good to see)\w*/gi) - 2 * kind(/\b(stupid|idiot|hate|shut up|ugly|useless|dumb|liar)\b/gi);
    const affectionChange = Math.max(-10, Math.min(10, 2 + 2 * warmth));
    const trustChange = warmth < 0 ? -5 : 1;
    const topic = transcript.find((turn) => turn.speaker !== profile.name)?.text ?? transcript[0]?.text ?? "";
    return {
      summary: `I talked with ${other.name}${topic ? `, who said "${topic.slice(0, 80)}"` : ""}.`,
      affectionChange,
      trustChange,
      type: relationship.type,
      reason: affectionChange >= 0 ? `${other.name} was pleasant company.` : `${other.name} was rude to me.`,
    };
  },
};
