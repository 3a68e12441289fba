import type { AgentProfile } from "../../../agents/cognition/profile.ts";
import { NewsMemories } from "../../../agents/conversation/news-memories.ts";
import { rememberNews } from "../../../agents/conversation/remember-news.ts";
import { NpcConversations } from "../../../agents/conversation/npc-conversations.ts";
import { PlayerConversations } from "../../../agents/conversation/player-conversations.ts";
import type { ReplyBudgetOptions } from "../../../agents/conversation/reply-budget.ts";
import type { AgentBody, ChatLine, SocialContext, SocialStore } from "../../../agents/conversation/social-context.ts";
import { newMind, type Mind } from "../../../agents/engine/mind.ts";
import type { NewMemory, StoredMemory } from "../../../agents/engine/ports.ts";
import { Thinker } from "../../../agents/engine/thinker.ts";
import { JobScheduler } from "../../../agents/job-scheduler.ts";
import type { SpokenLine } from "../../../db/repositories/conversation-repository.ts";
import { RelationshipLedger } from "../../../agents/conversation/relationship-ledger.ts";
import { DEFAULT_CONTENT_POLICY, DEFAULT_CONVERSATION_SETTINGS } from "../../../src/content/social-settings.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import type { LlmProvider } from "../../../src/llm/task.ts";
import type { WorldInput } from "../../../src/world/simulation.ts";

export function profile(id: string, extra: Partial<AgentProfile> = {}): AgentProfile {
  return { id, name: id[0]!.toUpperCase() + id.slice(1), role: null, constitution: "", personalityTraits: ["quiet"], likes: [], dislikes: [], primaryGoal: null, secondaryGoals: [], background: null, routine: [{ startMinute: 0, activity: "work", location: null }], relationships: {}, ...extra };
}

export interface WorldOptions {
  llm?: LlmProvider;
  replyBudget?: ReplyBudgetOptions;
  /** Where feelings are kept; by default in memory only. */
  relationships?: RelationshipLedger;
}

/** The agent engine's view of the world and its storage, in memory: what conversations read and write. */
export class World {
  now = 9 * 3600;
  readonly inputs: WorldInput[] = [];
  readonly chat: ChatLine[] = [];
  readonly lines: { conversationId: string | null; speaker: string; text: string; context: SpokenLine["context"] }[] = [];
  readonly closed: { id: string; reason: string; turns: number }[] = [];
  readonly memories: NewMemory[] = [];
  /** Every retrieval: the query, and the memories the agent had stored at that moment. */
  readonly recalls: { agentId: string; query: string; stored: string[] }[] = [];
  private readonly work: Promise<unknown>[] = [];
  readonly bodies = new Map<string, AgentBody>();
  readonly minds = new Map<string, Mind>();
  readonly news = new NewsMemories();
  readonly relationships: RelationshipLedger;
  readonly npcs: NpcConversations;
  readonly ctx: SocialContext;
  readonly players: PlayerConversations;

  constructor(settings: Partial<typeof DEFAULT_CONVERSATION_SETTINGS>, profiles: AgentProfile[], options: WorldOptions = {}) {
    this.relationships = options.relationships ?? new RelationshipLedger({ saveRelationship: async () => undefined, saveDrift: async () => undefined });
    for (const [index, p] of profiles.entries()) {
      this.minds.set(p.id, newMind(p));
      this.bodies.set(p.id, { x: index, y: 0, name: p.name, activity: "work", location: "square", mood: "calm", energy: 80, talkingWith: null, generation: 0 });
    }
    const store: SocialStore = {
      openConversation: async () => undefined,
      touchConversation: async () => undefined,
      closeConversation: async (id, close) => void this.closed.push({ id, reason: close.reason, turns: close.turns }),
      insertLine: async (line) => {
        this.lines.push({ conversationId: line.conversationId, speaker: line.speaker.id, text: line.text, context: line.context });
        return { id: String(this.lines.length), duplicate: false };
      },
      pastSummaries: async () => [],
      insertMentions: async () => undefined,
      insertViolation: async () => undefined,
    };
    const memory = {
      write: async (memories: readonly NewMemory[]): Promise<StoredMemory[]> => {
        const first = this.memories.length + 1;
        this.memories.push(...memories);
        return memories.map((m, i) => storedMemory(m, first + i));
      },
      // Recalls only what carries news (newest first), so a test sees exactly what the agent could pass on.
      retrieve: async (agentId: string, query: string, _now: number, limit: number) => {
        this.recalls.push({ agentId, query, stored: this.memories.filter((m) => m.agentId === agentId).map((m) => m.content) });
        return this.memories
          .map((m, index) => storedMemory(m, index + 1))
          .filter((m) => m.agentId === agentId && this.news.factIn(m.id))
          .reverse()
          .slice(0, limit);
      },
      recent: async () => [],
      trivialBefore: async () => [],
      rate: async () => undefined,
      consolidate: async () => undefined,
    };
    const scheduler = new JobScheduler({ concurrency: 4, tokensPerAgentPerGameHour: 1e9, gameHour: () => Math.floor(this.now / 3600) });
    const ctx: SocialContext = (this.ctx = {
      worldId: "test",
      thinker: new Thinker(options.llm ?? createOfflineProvider(), scheduler, () => undefined, () => this.now, "test"),
      memory,
      store,
      relationships: this.relationships,
      settings: { ...DEFAULT_CONVERSATION_SETTINGS, ...settings },
      policy: DEFAULT_CONTENT_POLICY,
      replyBudget: options.replyBudget ?? { perRealMinute: 20, perGameHour: 60 },
      locations: ["square"],
      log: { warn: () => undefined, debug: () => undefined },
      gameTime: () => this.now,
      body: (id) => this.bodies.get(id),
      player: () => undefined,
      emit: (input) => void this.inputs.push(input),
      chat: (line) => void this.chat.push(line),
      violated: () => undefined,
      track: (_label, work) => void this.work.push(work),
    });
    const mindOf = (id: string) => this.minds.get(id);
    this.npcs = new NpcConversations(ctx, mindOf, this.news);
    this.players = new PlayerConversations(ctx, mindOf, this.news, { agents: profiles.map(({ id, name }) => ({ id, name })), locations: ["square"] });
  }

  /** Tells an agent a fact it may pass on, as a memory carrying it. */
  async seedNews(agentId: string, factId: string, text: string): Promise<void> {
    await rememberNews(this.ctx, this.news, this.minds.get(agentId)!, { factId, text, memory: { type: "observation", content: text }, speaker: { type: "designer", id: "seed" }, conversationId: null });
  }

  /** Lets game time pass in steps of `stepSeconds`, ticking the conversations and finishing their work. */
  async pass(seconds: number, stepSeconds = 5): Promise<void> {
    for (let elapsed = 0; elapsed < seconds; elapsed += stepSeconds) {
      this.now += stepSeconds;
      this.npcs.tick();
      await this.settle();
    }
  }

  async settle(): Promise<void> {
    while (this.work.length > 0) await Promise.all(this.work.splice(0));
  }
}

function storedMemory(memory: NewMemory, id: number): StoredMemory {
  return { id: String(id), agentId: memory.agentId, type: memory.type, content: memory.content, importance: memory.importance, gameTime: memory.gameTime };
}
