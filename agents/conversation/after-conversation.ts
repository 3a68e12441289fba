import type { Mind } from "../engine/mind.ts";
import { remember } from "../engine/remember.ts";
import { afterConversation, MAX_CHANGE_PER_CONVERSATION } from "./relationship-rules.ts";
import { relationshipTask } from "./relationship-task.ts";
import type { SocialContext } from "./social-context.ts";

// How far the best or worst conversation moves the agent's mood (valence, -10..10).
const MOOD_PER_CONVERSATION = 3;

export interface Counterpart {
  type: "agent" | "player";
  /** Agent id or character id. */
  id: string;
  name: string;
}

/**
 * What an agent keeps of a conversation: a memory summarising it, its feelings toward the other
 * updated (with the reason remembered as a feeling), both counted toward its next reflection. Returns the summary.
 */
export async function rememberConversation(ctx: SocialContext, mind: Mind, other: Counterpart, transcript: { speaker: string; text: string }[]): Promise<string> {
  const { profile } = mind;
  const key = { agentId: profile.id, other: { type: other.type, id: other.id } };
  const current = ctx.relationships.find(key);
  const answer = await ctx.thinker.think(profile.id, relationshipTask, { profile, other, relationship: current, transcript });
  const judgement = "stale" in answer ? relationshipTask.offline({ profile, other, relationship: current, transcript }) : answer.value;
  const now = ctx.gameTime();
  const updated = afterConversation(current, judgement, judgement.summary, now);
  await ctx.relationships.save(key, updated, now);
  const related = other.type === "agent" ? { relatedAgents: [other.id] } : { relatedPlayers: [other.id] };
  const change = updated.affection - current.affection;
  // How the talk went shifts the agent's mood too (the world bounds each change).
  if (change !== 0) ctx.emit({ type: "agent_feeling", agentId: profile.id, change: Math.round((change / MAX_CHANGE_PER_CONVERSATION) * MOOD_PER_CONVERSATION), cause: `talking with ${other.name}` });
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
