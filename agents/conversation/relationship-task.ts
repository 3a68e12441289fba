import { z } from "zod";
import type { Relationship } from "../../db/repositories/relationship-repository.ts";
import type { CognitiveTask } from "../../src/llm/task.ts";
import { identityMessage, type AgentProfile } from "../cognition/profile.ts";
import { feelingsFromLines } from "./line-feelings.ts";
import { capLine } from "./reply-task.ts";
import { describeRelationship } from "./relationship-view.ts";

export interface RelationshipContext {
  profile: AgentProfile;
  other: { name: string };
  relationship: Relationship;
  transcript: { speaker: string; text: string }[];
}

// How much of the other's first line the offline summary quotes (characters, cut at a word).
const SUMMARY_QUOTE_LENGTH = 160;

// The type is not asked for: it follows affection past thresholds (relationship-rules.ts).
const Answer = z.object({
  summary: z.string().trim().min(1).max(300),
  affectionChange: z.int().min(-100).max(100),
  trustChange: z.int().min(-100).max(100),
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
        "Feelings move for a reason: kindness, help and honesty warm them, rudeness and lies cool them; small talk, questions and news alone change nothing (0).",
        `Reply as {"summary": "one sentence: what you talked about", "affectionChange": -10..10, "trustChange": -10..10, "reason": "why your feelings changed (or not)"}.`,
      ].join("\n\n"),
    },
  ],
  offline: ({ profile, other, transcript }) => {
    const theirs = transcript.filter((turn) => turn.speaker !== profile.name).map((turn) => turn.text);
    const { affectionChange, trustChange, reasons } = feelingsFromLines(theirs);
    const topic = theirs[0] ?? transcript[0]?.text ?? "";
    return {
      summary: `I talked with ${other.name}${topic ? `, who said "${capLine(topic, SUMMARY_QUOTE_LENGTH)}"` : ""}.`,
      affectionChange,
      trustChange,
      reason: reasons.length > 0 ? `${other.name} ${reasons.join(" and ")}.` : `Nothing ${other.name} said moved me either way.`,
    };
  },
};
