import type { NewConversation, SpokenLine } from "../../conversation/social-store.ts";
import type { SocialStore } from "../../conversation/social-context.ts";

/** A conversation as the conversations table keeps it. */
export interface ConversationRecord extends NewConversation {
  state: "active" | "idle" | "closed";
  turns: number;
  lastActivityGameTime: number;
  closedReason: string | null;
  summary: string | null;
}

/** One stored line (conversation_logs). */
export interface LineRecord extends SpokenLine {
  id: string;
}

/**
 * Conversations and their lines held in a process, with the database's rules: a closed conversation stays
 * closed, and a line sent again with the same client message id is the first one, not a second.
 */
export class InMemoryConversations implements Pick<SocialStore, "openConversation" | "touchConversation" | "closeConversation" | "insertLine" | "pastSummaries"> {
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly stored: LineRecord[] = [];

  async openConversation(conversation: NewConversation): Promise<void> {
    if (this.conversations.has(conversation.id)) throw new Error(`conversation ${conversation.id} is already stored`);
    const gameTime = Math.floor(conversation.gameTime);
    this.conversations.set(conversation.id, { ...conversation, gameTime, state: "active", turns: 0, lastActivityGameTime: gameTime, closedReason: null, summary: null });
  }

  async touchConversation(id: string, update: { state: "active" | "idle"; turns: number; gameTime: number }): Promise<void> {
    const conversation = this.conversations.get(id);
    if (!conversation || conversation.state === "closed") return;
    Object.assign(conversation, { state: update.state, turns: update.turns, lastActivityGameTime: Math.floor(update.gameTime) });
  }

  async closeConversation(id: string, close: { reason: string; summary: string | null; turns: number; gameTime: number }): Promise<void> {
    const conversation = this.conversations.get(id);
    if (!conversation || conversation.state === "closed") return;
    Object.assign(conversation, {
      state: "closed",
      closedReason: close.reason,
      summary: close.summary ?? conversation.summary,
      turns: close.turns,
      lastActivityGameTime: Math.max(conversation.lastActivityGameTime, Math.floor(close.gameTime)),
    });
  }

  async insertLine(line: SpokenLine): Promise<{ id: string; duplicate: boolean }> {
    const clientMessageId = line.clientMessageId ?? null;
    const first = clientMessageId === null ? undefined : this.stored.find((stored) => stored.speaker.id === line.speaker.id && stored.clientMessageId === clientMessageId);
    if (first) return { id: first.id, duplicate: true };
    const id = String(this.stored.length + 1);
    this.stored.push({ ...line, id, gameTime: Math.floor(line.gameTime) });
    return { id, duplicate: false };
  }

  /** Summaries of the last closed conversations between the two, newest first. */
  async pastSummaries(agentId: string, otherId: string, limit: number): Promise<string[]> {
    const between = (c: ConversationRecord) => (c.a.id === agentId && c.b.id === otherId) || (c.a.id === otherId && c.b.id === agentId);
    return [...this.conversations.values()]
      .filter((c) => c.state === "closed" && c.summary !== null && between(c))
      .reverse()
      .slice(0, limit)
      .map((c) => c.summary!);
  }

  /** Closes what a previous run left open (closeAbandonedConversations); returns how many. */
  closeAbandoned(worldId: string): number {
    const open = [...this.conversations.values()].filter((c) => c.worldId === worldId && c.state !== "closed");
    for (const conversation of open) Object.assign(conversation, { state: "closed", closedReason: "server_restarted" });
    return open.length;
  }

  /** Every conversation, in the order they were opened. */
  all(): ConversationRecord[] {
    return [...this.conversations.values()].map((c) => ({ ...c }));
  }

  /** Every stored line, in the order they were stored; of one conversation when given. */
  lines(conversationId?: string): LineRecord[] {
    return this.stored.filter((line) => conversationId === undefined || line.conversationId === conversationId);
  }
}
