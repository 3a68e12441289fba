import type { Logger } from "../../src/log.ts";
import type { RelationshipLedger } from "../conversation/relationship-ledger.ts";
import type { AgentBody } from "../conversation/social-context.ts";
import type { WorldInput } from "../../src/world/simulation.ts";
import type { CognitionStore, MemoryPort } from "./ports.ts";
import type { Thinker } from "./thinker.ts";

/** A part of the architecture switched off, to measure what it contributes (Park et al.'s ablations). */
export type Ablation = "reflection" | "planning" | "relevance" | "memory";
export const ABLATIONS: readonly Ablation[] = ["reflection", "planning", "relevance", "memory"];

export interface EngineSettings {
  /** Summed importance of new memories that triggers a reflection (Park et al.: 150). */
  reflectionThreshold: number;
  /** Game minutes before an agent reacts to the same subject again. */
  reactionCooldownMinutes: number;
  /** Game minutes between two reactions of one agent, whoever they are to: a crowd is not a hundred reasons to stop. */
  reactionGapMinutes: number;
  /** Observations rated for importance in one call. */
  importanceBatchSize: number;
  /** Observations at or below this importance, older than a game day, are consolidated at night. */
  consolidateMaxImportance: number;
  /** The part switched off for an evaluation run, or null for the full architecture. */
  ablate: Ablation | null;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  reflectionThreshold: 150,
  reactionCooldownMinutes: 60,
  reactionGapMinutes: 5,
  importanceBatchSize: 8,
  consolidateMaxImportance: 3,
  ablate: null,
};

/** The live state of an agent in the world, as the engine may read it. */
export type AgentLiveView = AgentBody;

/** Everything a flow needs; flows never see the room or the simulation itself. */
export interface FlowContext {
  thinker: Thinker;
  memory: MemoryPort;
  store: CognitionStore;
  locations: readonly string[];
  settings: EngineSettings;
  log: Pick<Logger, "warn" | "debug">;
  gameTime(): number;
  agent(agentId: string): AgentLiveView | undefined;
  /** The character a player's session plays (feelings are toward characters), undefined when not in the world. */
  characterOf(sessionId: string): string | undefined;
  /** Every agent's live feelings toward agents and players. */
  relationships: RelationshipLedger;
  /** Hands an input to the world; it is applied at the next tick. */
  emit(input: WorldInput): void;
}
