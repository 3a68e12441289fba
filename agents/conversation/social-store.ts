import type { PolicyViolation } from "./content-policy.ts";

/** Someone taking part in a conversation: an agent, or a player's character. */
export interface Participant {
  type: "player" | "agent";
  /** An agent id, or a player's character id. */
  id: string;
}

export interface NewConversation {
  id: string;
  worldId: string;
  kind: "player_agent" | "agent_agent";
  a: Participant;
  b: Participant;
  gameTime: number;
}

export interface SpokenLine {
  worldId: string;
  conversationId: string | null;
  speaker: Participant & { name: string };
  listener: Participant | null;
  text: string;
  /** With it, a retried send is stored once. */
  clientMessageId?: string | null;
  gameTime: number;
  context?: Record<string, unknown>;
}

/** An agent, player, place or fact that a line names. */
export interface MentionedEntity {
  canonicalId: string;
  entityType: "agent" | "player" | "location" | "fact";
  text: string;
}

/** A named entity as an agent heard it: from whom, in which conversation, kept by which memory (news that travels). */
export interface Mention extends MentionedEntity {
  worldId: string;
  conversationId: string | null;
  memoryId: string | null;
  speaker: { type: "player" | "agent" | "designer"; id: string };
  hearerAgentId: string;
  gameTime: number;
}

/** An NPC line the content policy replaced, and by what. */
export interface Violation extends PolicyViolation {
  worldId: string;
  agentId: string;
  conversationId: string | null;
  originalText: string;
  replacement: string;
  gameTime: number;
}

/** Where conversations are written (db/repositories implements it; agents/create-world-engine.ts binds it to the world's pool). */
export interface SocialStore {
  openConversation(conversation: NewConversation): Promise<void>;
  touchConversation(id: string, update: { state: "active" | "idle"; turns: number; gameTime: number }): Promise<void>;
  closeConversation(id: string, close: { reason: string; summary: string | null; turns: number; gameTime: number }): Promise<void>;
  insertLine(line: SpokenLine): Promise<{ id: string; duplicate: boolean }>;
  pastSummaries(agentId: string, otherId: string, limit: number): Promise<string[]>;
  insertMentions(mentions: readonly Mention[]): Promise<void>;
  insertViolation(violation: Violation): Promise<void>;
}
