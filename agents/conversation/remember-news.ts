import type { Mention, MentionedEntity } from "./social-store.ts";
import type { Mind } from "../engine/mind.ts";
import type { StoredMemory } from "../engine/ports.ts";
import { remember, type UnratedMemory } from "../engine/remember.ts";
import { situationQuery } from "../memory/situation-query.ts";
import { newsFromMemory, type NewsMemories } from "./news-memories.ts";
import type { SocialContext } from "./social-context.ts";

export interface NewsToRemember {
  factId: string;
  /** The fact in a sentence, for the mention trail. */
  text: string;
  /** The memory that carries it, in the agent's words ("Otto told me: ..."). */
  memory: Omit<UnratedMemory, "agentId" | "gameTime">;
  /** Where it came from: the designer's seed, a player's line, another agent, or what the agent saw itself. */
  speaker: Mention["speaker"];
  conversationId: string | null;
  /** Further mentions the same memory makes (who told it). */
  mentions?: readonly MentionedEntity[];
}

/**
 * Stores a memory carrying news and links the two (entity_mentions, and the news cache): from then on
 * the agent knows the fact, and may pass it on from that memory. Nothing happens when it already knows it.
 */
export async function rememberNews(ctx: Pick<SocialContext, "memory" | "store" | "worldId" | "gameTime">, news: NewsMemories, mind: Mind, item: NewsToRemember): Promise<StoredMemory | undefined> {
  const agentId = mind.profile.id;
  if (news.knows(agentId, item.factId)) return undefined;
  const gameTime = ctx.gameTime();
  const [memory] = await remember(ctx.memory, mind, [{ ...item.memory, agentId, gameTime }]);
  if (!memory) return undefined;
  news.carry({ agentId, memoryId: memory.id, factId: item.factId, content: memory.content });
  const common = { worldId: ctx.worldId, conversationId: item.conversationId, memoryId: memory.id, speaker: item.speaker, hearerAgentId: agentId, gameTime };
  await ctx.store.insertMentions([{ ...common, canonicalId: item.factId, entityType: "fact", text: item.text }, ...(item.mentions ?? []).map((mention) => ({ ...common, ...mention }))]);
  return memory;
}

// What an agent asks its memory when it looks for news, and how many memories it recalls for it.
const NEWS_QUERY = "news and happenings I heard about lately";
const NEWS_RECALLED = 8;
// The latest news memories that stay on an agent's mind whatever it recalls.
const LATEST_NEWS = 3;

/**
 * The news on an agent's mind (for `listener`, when telling someone): the memories that carry a fact
 * among those it recalls when it thinks of news, best first, then its latest such memories; one per
 * fact, in the memory's own words.
 */
export async function recallNews(ctx: Pick<SocialContext, "memory" | "gameTime">, news: NewsMemories, agentId: string, listener?: string): Promise<{ factId: string; text: string }[]> {
  const recalled = await ctx.memory.retrieve(agentId, situationQuery({ focus: NEWS_QUERY, present: listener ? [listener] : [] }), ctx.gameTime(), NEWS_RECALLED);
  const carriers = [
    ...recalled.flatMap((memory) => {
      const factId = news.factIn(memory.id);
      return factId ? [{ factId, content: memory.content }] : [];
    }),
    ...news.latest(agentId, LATEST_NEWS),
  ];
  const found = new Map<string, string>();
  for (const { factId, content } of carriers) if (!found.has(factId)) found.set(factId, newsFromMemory(content));
  return [...found].map(([factId, text]) => ({ factId, text }));
}
