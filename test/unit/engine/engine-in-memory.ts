import pino from "pino";
import type { AgentProfile } from "../../../agents/cognition/profile.ts";
import type { ChatLine } from "../../../agents/conversation/social-context.ts";
import type { AgentEngine } from "../../../agents/engine/agent-engine.ts";
import { engineFromPorts } from "../../../agents/engine-from-ports.ts";
import type { AgentLiveView, EngineSettings } from "../../../agents/engine/flow-context.ts";
import { InMemoryStorage } from "../../../agents/engine/in-memory/in-memory-storage.ts";
import { Thinker } from "../../../agents/engine/thinker.ts";
import { JobScheduler } from "../../../agents/job-scheduler.ts";
import type { WorldRelationship } from "../../../db/repositories/relationship-repository.ts";
import { ConversationSettingsSchema, DEFAULT_CONTENT_POLICY, type ConversationSettings } from "../../../src/content/social-settings.ts";
import { DEFAULT_RETRIEVAL } from "../../../src/content/world-file.ts";
import { createOfflineEmbedder } from "../../../src/llm/offline-embedder.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import type { LlmProvider } from "../../../src/llm/task.ts";
import type { WorldEvent, WorldInput } from "../../../src/world/simulation.ts";

const WORLD = "meadow";
const LOCATIONS = ["bakery", "square", "tavern"];
const embedder = createOfflineEmbedder();
const silent = pino({ level: "silent" });

/** An agent of the test world: a baker by default, whose routine starts at 6:00 in the bakery. */
export function profile(id: string, extra: Partial<AgentProfile> = {}): AgentProfile {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    role: "baker",
    constitution: "",
    personalityTraits: ["warm"],
    likes: ["bread"],
    dislikes: [],
    primaryGoal: "bake good bread",
    secondaryGoals: [],
    background: null,
    routine: [
      { startMinute: 6 * 60, activity: "bake bread", location: "bakery" },
      { startMinute: 12 * 60, activity: "lunch", location: "tavern" },
      { startMinute: 13 * 60, activity: "sell bread", location: "square" },
      { startMinute: 22 * 60, activity: "sleep", location: null },
    ],
    relationships: {},
    ...extra,
  };
}

export interface InMemoryWorldOptions {
  profiles: AgentProfile[];
  relationships?: WorldRelationship[];
  llm?: LlmProvider;
  settings?: Partial<EngineSettings>;
  conversations?: Partial<ConversationSettings>;
  /** Character names by id; sessions play the character of the same id. */
  characters?: Record<string, string>;
  /** Storage an earlier engine used (a restart); a fresh one by default. */
  storage?: InMemoryStorage;
  /** Game seconds since day 1, 00:00; 9:00 on day 1 by default. */
  startAt?: number;
}

/**
 * One world's agent engine on in-memory storage, stepped by hand: no database, no room and no simulation.
 * The test is the world: it holds the clock and the agents' bodies, feeds events, and reads what the engine
 * hands back (drainInputs) and what it stored.
 */
export class InMemoryWorld {
  now: number;
  readonly storage: InMemoryStorage;
  readonly engine: AgentEngine;
  readonly bodies = new Map<string, AgentLiveView>();
  readonly chat: ChatLine[] = [];
  /** Every input the engine handed the world, in order. */
  readonly inputs: WorldInput[] = [];

  constructor(options: InMemoryWorldOptions) {
    this.now = options.startAt ?? 9 * 3600;
    const characters = new Map(Object.entries(options.characters ?? {}));
    this.storage =
      options.storage ?? new InMemoryStorage({ worldId: WORLD, profiles: options.profiles, embedder, retrieval: DEFAULT_RETRIEVAL, relationships: options.relationships, characters, log: silent });
    for (const [index, agent] of options.profiles.entries()) {
      this.bodies.set(agent.id, { x: 10 + index, y: 8, name: agent.name, activity: "bake bread", location: "square", mood: "calm", energy: 80, talkingWith: null, generation: 0 });
    }
    const gameTime = () => this.now;
    const scheduler = new JobScheduler({ concurrency: 4, tokensPerAgentPerGameHour: 1_000_000_000, gameHour: () => Math.floor(this.now / 3600) });
    this.engine = engineFromPorts(this.storage.ports(), {
      worldId: WORLD,
      locations: LOCATIONS,
      thinker: new Thinker(options.llm ?? createOfflineProvider(), scheduler, () => undefined, gameTime, WORLD),
      replyBudget: { perRealMinute: 100, perGameHour: 100 },
      settings: options.settings,
      gameTime,
      agent: (id) => this.bodies.get(id),
      log: silent,
      conversations: ConversationSettingsSchema.parse(options.conversations ?? {}),
      contentPolicy: DEFAULT_CONTENT_POLICY,
      characterOf: (sessionId) => (characters.has(sessionId) ? sessionId : undefined),
      player: () => ({ x: 11, y: 9 }),
      chat: (line) => void this.chat.push(line),
    });
    this.collect();
  }

  /** Feeds one tick's events at the current game time and waits for the thinking they start. */
  async tick(events: WorldEvent[] = []): Promise<WorldInput[]> {
    const before = this.inputs.length;
    this.engine.handle(events);
    await this.engine.settle();
    this.collect();
    return this.inputs.slice(before);
  }

  /** Lets game time pass, one tick every `stepSeconds`, finishing the thinking of each; returns the inputs handed over meanwhile. */
  async pass(seconds: number, stepSeconds = 60): Promise<WorldInput[]> {
    const before = this.inputs.length;
    for (let elapsed = 0; elapsed < seconds; elapsed += stepSeconds) {
      this.now += stepSeconds;
      await this.tick();
    }
    return this.inputs.slice(before);
  }

  /** What `observerId` sees of `subjectId` now, as the simulation reports it. */
  seen(observerId: string, subject: { kind: "agent" | "player"; id: string; name: string }, doing = "is nearby"): WorldEvent {
    return { type: "observation", observerId, subjectKind: subject.kind, subjectId: subject.id, subjectName: subject.name, x: 11, y: 8, gameTime: this.now, text: `${subject.name} ${doing}` };
  }

  /** The agent's stored memories of a type, oldest first. */
  memories(agentId: string, type?: string): string[] {
    return this.storage.memory.of(agentId).filter((memory) => type === undefined || memory.type === type).map((memory) => memory.content);
  }

  private collect(): void {
    this.inputs.push(...this.engine.drainInputs());
  }
}

/** The schedules handed to the world for an agent, in order. */
export function schedulesFor(inputs: readonly WorldInput[], agentId: string) {
  return inputs.flatMap((input) => (input.type === "agent_schedule" && input.agentId === agentId ? [input.schedule] : []));
}
