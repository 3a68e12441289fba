import type { WorldRelationship } from "../../../db/repositories/relationship-repository.ts";
import type { EmbeddingProvider } from "../../../src/llm/task.ts";
import type { AgentProfile } from "../../cognition/profile.ts";
import type { SocialStore } from "../../conversation/social-context.ts";
import type { EnginePorts } from "../../engine-from-ports.ts";
import { InMemoryCognition } from "./cognition-records.ts";
import { InMemoryConversations } from "./conversations.ts";
import { InMemoryMemory, type InMemoryMemoryOptions } from "./memory-stream.ts";
import { InMemoryMinds } from "./minds.ts";
import { InMemoryRelationships } from "./relationships.ts";
import { InMemorySocialTrail } from "./social-trail.ts";

export interface InMemoryStorageOptions {
  worldId: string;
  /** The world's agents, as the database would list them. */
  profiles: readonly AgentProfile[];
  embedder: EmbeddingProvider;
  /** The world's memory retrieval tuning (world.json "retrieval"). */
  retrieval: Pick<InMemoryMemoryOptions, "weights" | "decay">;
  /** Relationships the designer set. */
  relationships?: readonly WorldRelationship[];
  /** Names of players' characters, by character id (for the ties a day plan keeps in mind). */
  characters?: ReadonlyMap<string, string>;
  log?: InMemoryMemoryOptions["log"];
}

/**
 * Everything one world's engine stores, held in a process instead of a database: memories, plans and
 * reflections, relationships, conversations, the social trail and saved minds. It outlives the engines built
 * on it, so an engine built again takes up what the last one left, as after a restart.
 */
export class InMemoryStorage {
  readonly memory: InMemoryMemory;
  readonly cognition: InMemoryCognition;
  readonly relationships: InMemoryRelationships;
  readonly conversations: InMemoryConversations;
  readonly trail = new InMemorySocialTrail();
  readonly minds = new InMemoryMinds();

  constructor(private readonly options: InMemoryStorageOptions) {
    const names = new Map(options.profiles.map((profile) => [profile.id, profile.name]));
    this.relationships = new InMemoryRelationships(options.relationships, (other) => (other.type === "agent" ? names.get(other.id) : options.characters?.get(other.id)));
    this.cognition = new InMemoryCognition((agentId, limit) => this.relationships.closestAndStrained(agentId, limit));
    this.conversations = new InMemoryConversations();
    this.memory = new InMemoryMemory(options.embedder, {
      ...options.retrieval,
      keeps: (agentId, memoryId) => this.cognition.citedAsEvidence(agentId, memoryId) || this.trail.carriesFact(agentId, memoryId),
      log: options.log,
    });
  }

  /** The ports for a new engine, loaded as createWorldEngine loads them: conversations left open are closed first. */
  ports(): EnginePorts {
    this.conversations.closeAbandoned(this.options.worldId);
    const social: SocialStore = {
      openConversation: (conversation) => this.conversations.openConversation(conversation),
      touchConversation: (id, update) => this.conversations.touchConversation(id, update),
      closeConversation: (id, close) => this.conversations.closeConversation(id, close),
      insertLine: (line) => this.conversations.insertLine(line),
      pastSummaries: (agentId, otherId, limit) => this.conversations.pastSummaries(agentId, otherId, limit),
      insertMentions: (mentions) => this.trail.insertMentions(mentions),
      insertViolation: (violation) => this.trail.insertViolation(violation),
    };
    return {
      profiles: this.options.profiles,
      savedMinds: this.minds.load(),
      memory: this.memory,
      cognition: this.cognition,
      social,
      facts: this.trail.factsInMemories(this.options.worldId, (memoryId) => this.memory.find(memoryId)?.content),
      relationships: { store: this.relationships, loaded: this.relationships.all() },
    };
  }
}
