import type { Relationship } from "../../db/repositories/relationship-repository.ts";
import type { Mind } from "../engine/mind.ts";
import { remember } from "../engine/remember.ts";
import { relationshipTask, type RelationshipJudgement } from "./relationship-task.ts";
import type { SocialContext } from "./social-context.ts";

/** How far one conversation can move affection or trust, whatever the model says. */
export const MAX_CHANGE_PER_CONVERSATION = 10;

export interface Counterpart {
  type: "agent" | "player";
  /** Agent id or character id. */
  id: string;
  name: string;
}

/** The relationship after a judgement: changes bounded per conversation, values clamped to their ranges. */
export function applyJudgement(current: Relationship, judgement: RelationshipJudgement): Relationship {
  const bounded = (change: number) => Math.max(-MAX_CHANGE_PER_CONVERSATION, Math.min(MAX_CHANGE_PER_CONVERSATION, Math.round(change)));
  return {
    type: judgement.type,
    affection: Math.max(-100, Math.min(100, current.affection + bounded(judgement.affectionChange))),
    trust: Math.max(0, Math.min(100, current.trust + bounded(judgement.trustChange))),
    interactions: current.interactions + 1,
    summary: judgement.summary,
  };
}

/**
 * What an agent keeps of a conversation: a memory summarising it, its feelings toward the other
 * updated (with the reason remembered as a feeling), both counted toward its next reflection. Returns the summary.
 */
export async function rememberConversation(ctx: SocialContext, mind: Mind, other: Counterpart, transcript: { speaker: string; text: string }[]): Promise<string> {
  const { profile } = mind;
  const key = { agentId: profile.id, other: { type: other.type, id: other.id } };
  const current = await ctx.store.findRelationship(key);
  const answer = await ctx.thinker.think(profile.id, relationshipTask, { profile, other, relationship: current, transcript });
  const judgement = "stale" in answer ? relationshipTask.offline({ profile, other, relationship: current, transcript }) : answer.value;
  const updated = applyJudgement(current, judgement);
  const now = ctx.gameTime();
  await ctx.store.saveRelationship(key, updated, now);
  const related = other.type === "agent" ? { relatedAgents: [other.id] } : { relatedPlayers: [other.id] };
  const change = updated.affection - current.affection;
  await remember(ctx.memory, mind, [
    { agentId: profile.id, type: "conversation", content: judgement.summary, ...related, gameTime: now },
    {
      agentId: profile.id,
      type: "feeling",
      content: `My feelings toward ${other.name} ${change > 0 ? "grew warmer" : change < 0 ? "cooled" : "stayed the same"}: ${judgement.reason}`,
      emotionalRelevance: Math.min(1, Math.abs(change) / MAX_CHANGE_PER_CONVERSATION),
      ...related,
      gameTime: now,
    },
  ]);
  return judgement.summary;
}
