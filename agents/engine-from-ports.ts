import type { WorldRelationship } from "../db/repositories/relationship-repository.ts";
import type { AgentProfile } from "./cognition/profile.ts";
import { NewsMemories, type CarriedFact } from "./conversation/news-memories.ts";
import { RelationshipLedger, type RelationshipStore } from "./conversation/relationship-ledger.ts";
import type { SocialStore } from "./conversation/social-context.ts";
import type { WorldEngineOptions } from "./create-world-engine.ts";
import { AgentEngine } from "./engine/agent-engine.ts";
import { DEFAULT_ENGINE_SETTINGS } from "./engine/flow-context.ts";
import type { CognitionStore, MemoryPort } from "./engine/ports.ts";
import type { Thinker } from "./engine/thinker.ts";

/**
 * Everything an engine reads and writes outside itself, already loaded or bound: on the world's database
 * (create-world-engine.ts) or in memory (agents/engine/in-memory/), for tests and benchmarks without one.
 */
export interface EnginePorts {
  profiles: readonly AgentProfile[];
  /** Minds an earlier run saved, taken up as the engine starts. */
  savedMinds: readonly { agentId: string; snapshot: unknown }[];
  memory: MemoryPort;
  cognition: CognitionStore;
  social: SocialStore;
  relationships: { store: RelationshipStore; loaded: readonly WorldRelationship[] };
  /** Memories that carry news, oldest first. */
  facts: readonly CarriedFact[];
}

/** The world's side of an engine: its clock, bodies, chat outlet and settings, and the thinker its flows call. */
export type EngineWiring = Pick<
  WorldEngineOptions,
  "worldId" | "locations" | "replyBudget" | "settings" | "gameTime" | "agent" | "log" | "conversations" | "contentPolicy" | "characterOf" | "player" | "chat" | "violated" | "ablate"
> & { thinker: Thinker };

/** One world's agent engine on the given ports: minds restored, nothing loaded or opened here. */
export function engineFromPorts(ports: EnginePorts, wiring: EngineWiring): AgentEngine {
  const engine = new AgentEngine(
    {
      thinker: wiring.thinker,
      memory: wiring.ablate === "memory" ? withoutRecall(ports.memory) : ports.memory,
      store: ports.cognition,
      locations: wiring.locations,
      settings: { ...DEFAULT_ENGINE_SETTINGS, ...wiring.settings, ablate: wiring.ablate ?? null },
      log: wiring.log,
      gameTime: wiring.gameTime,
      agent: wiring.agent,
      characterOf: wiring.characterOf,
      relationships: new RelationshipLedger(ports.relationships.store, ports.relationships.loaded),
    },
    ports.profiles,
    {
      worldId: wiring.worldId,
      store: ports.social,
      settings: wiring.conversations,
      policy: wiring.contentPolicy,
      replyBudget: wiring.replyBudget,
      body: wiring.agent,
      player: wiring.player,
      chat: wiring.chat,
      violated: (rule) => wiring.violated?.(rule),
    },
    new NewsMemories(ports.facts),
  );
  engine.restoreMinds(ports.savedMinds);
  return engine;
}

/** Memory ablated: memories are still written, but retrieval recalls nothing, so the agent thinks and answers without them. */
function withoutRecall(memory: MemoryPort): MemoryPort {
  return {
    write: (memories) => memory.write(memories),
    retrieve: async () => [],
    recent: (agentId, since, limit) => memory.recent(agentId, since, limit),
    trivialBefore: (agentId, before, maxImportance, limit) => memory.trivialBefore(agentId, before, maxImportance, limit),
    rate: (ratings) => memory.rate(ratings),
    consolidate: (agentId, ids, summary) => memory.consolidate(agentId, ids, summary),
  };
}
