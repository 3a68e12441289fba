import { beforeEach, describe, expect, it } from "vitest";
import type { AgentProfile } from "../../../agents/cognition/profile.ts";
import { NewsBook } from "../../../agents/conversation/news-book.ts";
import { NpcConversations } from "../../../agents/conversation/npc-conversations.ts";
import type { AgentBody, ChatLine, SocialContext, SocialStore } from "../../../agents/conversation/social-context.ts";
import { newMind, type Mind } from "../../../agents/engine/mind.ts";
import type { NewMemory, StoredMemory } from "../../../agents/engine/ports.ts";
import { Thinker } from "../../../agents/engine/thinker.ts";
import { JobScheduler } from "../../../agents/job-scheduler.ts";
import { STRANGER } from "../../../db/repositories/relationship-repository.ts";
import { DEFAULT_CONTENT_POLICY, DEFAULT_CONVERSATION_SETTINGS } from "../../../src/content/social-settings.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import type { WorldInput } from "../../../src/world/simulation.ts";

function profile(id: string, extra: Partial<AgentProfile> = {}): AgentProfile {
  return { id, name: id[0]!.toUpperCase() + id.slice(1), role: null, constitution: "", personalityTraits: ["quiet"], likes: [], dislikes: [], primaryGoal: null, secondaryGoals: [], background: null, routine: [{ startMinute: 0, activity: "work", location: null }], relationships: {}, ...extra };
}

/** The agent engine's view of the world and its storage, in memory: what conversations read and write. */
class World {
  now = 9 * 3600;
  readonly inputs: WorldInput[] = [];
  readonly chat: ChatLine[] = [];
  readonly lines: { conversationId: string | null; speaker: string }[] = [];
  readonly closed: { id: string; reason: string; turns: number }[] = [];
  readonly memories: NewMemory[] = [];
  private readonly work: Promise<unknown>[] = [];
  readonly bodies = new Map<string, AgentBody>();
  readonly minds = new Map<string, Mind>();
  readonly news = new NewsBook();
  readonly npcs: NpcConversations;

  constructor(settings: Partial<typeof DEFAULT_CONVERSATION_SETTINGS>, ...profiles: AgentProfile[]) {
    for (const [index, p] of profiles.entries()) {
      this.minds.set(p.id, newMind(p));
      this.bodies.set(p.id, { x: index, y: 0, name: p.name, activity: "work", location: "square", mood: "calm", talkingWith: null });
    }
    const store: SocialStore = {
      openConversation: async () => undefined,
      touchConversation: async () => undefined,
      closeConversation: async (id, close) => void this.closed.push({ id, reason: close.reason, turns: close.turns }),
      insertLine: async (line) => {
        this.lines.push({ conversationId: line.conversationId, speaker: line.speaker.id });
        return { id: String(this.lines.length), duplicate: false };
      },
      pastSummaries: async () => [],
      findRelationship: async () => ({ ...STRANGER }),
      saveRelationship: async () => undefined,
      insertMentions: async () => undefined,
      insertViolation: async () => undefined,
    };
    const memory = {
      write: async (memories: readonly NewMemory[]): Promise<StoredMemory[]> => {
        this.memories.push(...memories);
        return memories.map((m, i) => ({ id: String(this.memories.length + i), agentId: m.agentId, type: m.type, content: m.content, importance: m.importance, gameTime: m.gameTime }));
      },
      retrieve: async () => [],
      recent: async () => [],
      trivialBefore: async () => [],
      consolidate: async () => undefined,
    };
    const scheduler = new JobScheduler({ concurrency: 4, tokensPerAgentPerGameHour: 1e9, gameHour: () => Math.floor(this.now / 3600) });
    const ctx: SocialContext = {
      worldId: "test",
      thinker: new Thinker(createOfflineProvider(), scheduler, () => undefined, () => this.now, "test"),
      memory,
      store,
      settings: { ...DEFAULT_CONVERSATION_SETTINGS, ...settings },
      policy: DEFAULT_CONTENT_POLICY,
      replyBudget: { perRealMinute: 20, perGameHour: 60 },
      locations: ["square"],
      log: { warn: () => undefined, debug: () => undefined },
      gameTime: () => this.now,
      body: (id) => this.bodies.get(id),
      player: () => undefined,
      emit: (input) => void this.inputs.push(input),
      chat: (line) => void this.chat.push(line),
      violated: () => undefined,
      track: (_label, work) => void this.work.push(work),
    };
    this.npcs = new NpcConversations(ctx, (id) => this.minds.get(id), this.news);
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

describe("conversations between agents", () => {
  let world: World;
  const friends = { b: "friend: old friends" };

  beforeEach(() => {
    world = new World({ npcTurnCap: 4, npcTurnGapSeconds: 10, npcPairCooldownMinutes: 120, npcAgentCooldownMinutes: 30 }, profile("a", { relationships: friends }), profile("b", { relationships: { a: "friend" } }), profile("c"));
  });

  it("start when friends meet: both stop and face each other, lines alternate, and the talk ends at the turn cap", async () => {
    world.npcs.met("a", "b");
    expect(world.inputs).toEqual([
      { type: "agent_talk_start", agentId: "a", partner: { kind: "agent", id: "b" }, approach: true },
      { type: "agent_talk_start", agentId: "b", partner: { kind: "agent", id: "a" } },
    ]);
    await world.pass(10 * 60);
    expect(world.lines.map((line) => line.speaker)).toEqual(["a", "b", "a", "b"]);
    expect(world.closed).toEqual([{ id: world.lines[0]!.conversationId, reason: "turn_cap", turns: 4 }]);
    expect(world.inputs.slice(2)).toEqual([
      { type: "agent_talk_end", agentId: "a" },
      { type: "agent_talk_end", agentId: "b" },
    ]);
    expect(world.chat.every((line) => !line.partial && line.listener === null)).toBe(true);
    // Each remembers the conversation and how it felt about it.
    expect(world.memories.filter((m) => m.type === "conversation").map((m) => m.agentId).sort()).toEqual(["a", "b"]);
  });

  it("respect the per-agent and per-pair cooldowns", async () => {
    world = new World({ npcTurnCap: 4, npcTurnGapSeconds: 10, npcPairCooldownMinutes: 120, npcAgentCooldownMinutes: 30, npcChattiness: 100 }, profile("a"), profile("b"), profile("c"));
    const started = () => world.inputs.filter((input) => input.type === "agent_talk_start").length / 2;
    world.npcs.met("a", "b");
    await world.pass(10 * 60);
    world.npcs.met("a", "b");
    world.npcs.met("a", "c");
    expect(started()).toBe(1);
    // Past a's own cooldown: it talks with c, but not yet with b again.
    await world.pass(25 * 60, 60);
    world.npcs.met("b", "a");
    expect(started()).toBe(1);
    world.npcs.met("a", "c");
    expect(started()).toBe(2);
    await world.pass(100 * 60, 60);
    world.npcs.met("a", "b");
    expect(started()).toBe(3);
  });

  it("stay quiet at night and while someone is already talking", async () => {
    world.now = 23 * 3600;
    world.npcs.met("a", "b");
    expect(world.inputs).toEqual([]);
    world.now = 10 * 3600;
    world.bodies.get("b")!.talkingWith = { kind: "player", id: "p1" };
    world.npcs.met("a", "b");
    expect(world.inputs).toEqual([]);
  });

  it("pass news on: the listener learns the fact and remembers who told it", async () => {
    world.news.learn("a", "fact:fair", "The fair opens on Sunday.");
    world.npcs.met("a", "b");
    await world.pass(10 * 60);
    expect(world.news.knows("b", "fact:fair")).toBe(true);
    expect(world.memories).toContainEqual(expect.objectContaining({ agentId: "b", content: "A told me: The fair opens on Sunday.", relatedAgents: ["a"] }));
    expect(world.npcs.counts.factsPassed).toBe(1);
  });
});
