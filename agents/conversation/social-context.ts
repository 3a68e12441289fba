import type { ContentPolicy, ConversationSettings, PolicyRule } from "../../src/content/social-settings.ts";
import type { WorldInput } from "../../src/world/simulation.ts";
import type { FlowContext } from "../engine/flow-context.ts";
import type { ReplyBudgetOptions } from "./reply-budget.ts";
import type { SocialStore } from "./social-store.ts";

export type { SocialStore } from "./social-store.ts";

/** A line for players to see. Partial chunks go to `listener` only; the final line to everyone in hearing range of `at`. */
export interface ChatLine {
  conversationId: string;
  /** An agent id, or a player's session id (the key of state.players). */
  speakerId: string;
  speakerName: string;
  text: string;
  partial: boolean;
  /** The player (session id) the line answers, who gets the partial chunks; null between agents. */
  listener: string | null;
  at: { x: number; y: number };
}

/** A player in a conversation: the character (for memories and relationships) and the session in the room. */
export interface PlayerRef {
  characterId: string;
  sessionId: string;
  name: string;
}

/** The live body of an agent, as conversations read it. */
export interface AgentBody {
  x: number;
  y: number;
  name: string;
  activity: string;
  location: string;
  mood: string;
  /** 0 (exhausted) to 100 (rested). */
  energy: number;
  talkingWith: { kind: "agent" | "player"; id: string } | null;
  /** Changes whenever the agent's plan changes; a decision about the agent carries the one it was made at (world-input.ts). */
  generation: number;
}

export interface SocialContext extends Pick<FlowContext, "thinker" | "memory" | "log" | "gameTime" | "locations" | "relationships"> {
  worldId: string;
  store: SocialStore;
  settings: ConversationSettings;
  policy: ContentPolicy;
  /** Model replies each player may get (env settings, not the world's). */
  replyBudget: ReplyBudgetOptions;
  body(agentId: string): AgentBody | undefined;
  player(sessionId: string): { x: number; y: number } | undefined;
  emit(input: WorldInput): void;
  chat(line: ChatLine): void;
  violated(rule: PolicyRule): void;
  /** Runs background work the engine waits for on settle(); failures are logged. */
  track(label: string, work: Promise<unknown>): void;
}

/** A replaced NPC line, counted and logged in policy_violations (before the replacement is sent). */
export async function recordViolation(
  ctx: SocialContext,
  line: { agentId: string; conversationId: string; violation: { rule: PolicyRule; detail: string }; originalText: string; replacement: string },
): Promise<void> {
  ctx.violated(line.violation.rule);
  await ctx.store.insertViolation({
    worldId: ctx.worldId,
    agentId: line.agentId,
    conversationId: line.conversationId,
    rule: line.violation.rule,
    detail: line.violation.detail,
    originalText: line.originalText,
    replacement: line.replacement,
    gameTime: ctx.gameTime(),
  });
}
