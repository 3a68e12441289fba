import type { WorldEvent, WorldInput } from "../../src/world/simulation.ts";
import type { AgentProfile } from "../cognition/profile.ts";
import type { NewsMemories } from "../conversation/news-memories.ts";
import { recallNews, rememberNews } from "../conversation/remember-news.ts";
import { witnessedNews } from "../conversation/witnessed-news.ts";
import { NpcConversations } from "../conversation/npc-conversations.ts";
import { PlayerConversations, type SaidResult } from "../conversation/player-conversations.ts";
import type { PlayerRef, SocialContext } from "../conversation/social-context.ts";
import type { FlowContext } from "./flow-context.ts";
import { ImportanceCache, observationKind, pendingRatings, rateAndStore } from "./memory-flow.ts";
import { blockAt, isRest, newMind, type Mind } from "./mind.ts";
import { mindSnapshot, type MindSnapshot } from "./mind-snapshot.ts";
import { restoreMinds } from "./restore-minds.ts";
import { endTheDay } from "./night-flow.ts";
import { decomposeCurrentBlock, planTheDay } from "./planning-flow.ts";
import { considerReacting, isSalient, REACT_FLOW, type Noticed } from "./reaction-flow.ts";

/** What conversations need beyond the flow context: storage, settings, the chat outlet and the world's bodies. */
export type SocialDependencies = Omit<SocialContext, "thinker" | "memory" | "log" | "gameTime" | "locations" | "relationships" | "emit" | "track">;
import { reflect } from "./reflection-flow.ts";
import { remember } from "./remember.ts";
import { dayOf, minuteOfDayOf } from "../../src/shared-kernel/game-time.ts";

// Memories waiting for a rating wait at most this long (game seconds) for a full batch before being rated anyway.
const MAX_UNRATED_AGE = 3_600;
// News a day plan is given: the few the agent recalls first.
const NEWS_IN_PLAN = 3;
// Failed thinking kept for inspection: the latest few (a world that runs for weeks fails often enough to fill memory), and a count of all.
const RECENT_ERRORS = 50;

/**
 * The agent engine of one world. It turns what happens in the world (events from each tick) into
 * memories, plans, reactions, reflections and nightly reviews, and hands its decisions back as world
 * inputs. It never blocks the tick: thinking runs as background flows through the job scheduler, and
 * `drainInputs` gives the room what finished since the last tick. Knows nothing of Colyseus.
 */
export class AgentEngine {
  private readonly minds = new Map<string, Mind>();
  private readonly importance = new ImportanceCache();
  private readonly inFlight = new Set<Promise<void>>();
  private outbox: WorldInput[] = [];
  private lastMinute = -1;
  /** The latest failures of background thinking, oldest first (at most RECENT_ERRORS). */
  readonly recentErrors: Error[] = [];
  private failures = 0;
  readonly players: PlayerConversations;
  readonly npcs: NpcConversations;
  private readonly social: SocialContext;

  constructor(
    private readonly ctx: Omit<FlowContext, "emit">,
    profiles: readonly AgentProfile[],
    social: SocialDependencies,
    readonly news: NewsMemories,
  ) {
    for (const profile of profiles) this.minds.set(profile.id, newMind(profile));
    const socialContext: SocialContext = (this.social = {
      ...social,
      thinker: ctx.thinker,
      memory: ctx.memory,
      log: ctx.log,
      gameTime: ctx.gameTime,
      locations: ctx.locations,
      relationships: ctx.relationships,
      emit: (input) => this.outbox.push(input),
      track: (label, work) => this.track(label, work),
    });
    const mindOf = (agentId: string) => this.minds.get(agentId);
    const directory = { agents: profiles.map((profile) => ({ id: profile.id, name: profile.name })), locations: ctx.locations };
    this.players = new PlayerConversations(socialContext, mindOf, news, directory);
    this.npcs = new NpcConversations(socialContext, mindOf, news);
  }

  /** How many times background thinking failed since the engine started. */
  get errorCount(): number {
    return this.failures;
  }

  /** Feeds one tick's events; starts whatever thinking they call for. */
  handle(events: readonly WorldEvent[]): void {
    for (const event of events) {
      if (event.type === "observation") this.noticed(event);
      else if (event.type === "talk_ended") {
        this.players.playerLeft(event.partnerId);
        this.npcs.interrupted(event.agentId);
      } else if (event.type === "day_started") {
        for (const mind of this.minds.values()) this.start(mind, "night", (ctx) => endTheDay(ctx, mind, event.day - 1));
        this.track("relationships drift", this.ctx.relationships.drift(this.ctx.gameTime()));
      }
    }
    this.npcs.tick();
    const minute = Math.floor(this.ctx.gameTime() / 60);
    if (minute !== this.lastMinute) {
      this.lastMinute = minute;
      for (const mind of this.minds.values()) this.onMinute(mind);
      this.players.tick();
    }
  }

  /**
   * A player said something to an agent: stored (conversation log and memory) before this resolves,
   * answered in the background with a streamed reply. A conversation between agents gives way.
   */
  playerSaid(player: PlayerRef, agentId: string, text: string, clientMessageId?: string): Promise<SaidResult> {
    if (this.npcs.isTalking(agentId)) this.npcs.interrupted(agentId);
    const mind = this.minds.get(agentId);
    if (mind) mind.lastReactionTo.set(player.characterId, this.ctx.gameTime());
    const said = this.players.said(player, agentId, text, clientMessageId);
    // settle() then also waits for lines still being stored (and the replies they start).
    this.track(`said:${agentId}`, said);
    return said;
  }

  /** Tells an agent a fact it may pass on (a designer's or a simulation's seed of news). */
  async seedFact(agentId: string, factId: string, text: string): Promise<void> {
    const mind = this.minds.get(agentId);
    if (!mind) throw new Error(`no agent "${agentId}" to tell "${text}"`);
    await rememberNews(this.social, this.news, mind, { factId, text, memory: { type: "observation", content: text }, speaker: { type: "designer", id: "seed" }, conversationId: null });
  }

  /** Ends every conversation now (the room is closing): each is remembered and stored as closed. */
  endConversations(reason: string): void {
    this.players.closeAll(reason);
    this.npcs.closeAll(reason);
  }

  /** The player left the room: their conversations close. */
  playerLeft(sessionId: string): void {
    this.players.playerLeft(sessionId);
  }

  /** World inputs decided since the last call (schedules, talks, feelings), each carrying what it was decided against. */
  drainInputs(): WorldInput[] {
    const inputs = this.outbox;
    this.outbox = [];
    return inputs;
  }

  /** What of each mind outlives a restart (mind-snapshot.ts), for the room to save. */
  mindSnapshots(): { agentId: string; snapshot: MindSnapshot }[] {
    return [...this.minds.values()].map((mind) => ({ agentId: mind.profile.id, snapshot: mindSnapshot(mind) }));
  }

  /** Takes up minds an earlier run saved; agents whose plan is for today go back to it (restore-minds.ts). */
  restoreMinds(saved: readonly { agentId: string; snapshot: unknown }[]): void {
    this.outbox.push(...restoreMinds(this.minds, saved, this.ctx.gameTime(), this.ctx.locations, this.ctx.log));
  }

  /** Resolves when every flow started so far (and any they started) has finished. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private noticed(event: Extract<WorldEvent, { type: "observation" }>): void {
    const mind = this.minds.get(event.observerId);
    if (!mind) return;
    const memory = {
      agentId: mind.profile.id,
      type: "observation" as const,
      content: event.text,
      importance: 0,
      relatedAgents: event.subjectKind === "agent" ? [event.subjectId] : [],
      relatedPlayers: event.subjectKind === "player" ? [event.subjectId] : [],
      location: this.ctx.agent(mind.profile.id)?.location || null,
      gameTime: event.gameTime,
    };
    mind.unrated.push({ memory, kind: observationKind(event.text, event.subjectName) });
    const news = witnessedNews(event, this.newFace(mind, event));
    if (news) this.track(`news ${news.factId}`, rememberNews(this.social, this.news, mind, { ...news, memory: { type: "observation", content: news.text, relatedAgents: memory.relatedAgents, relatedPlayers: memory.relatedPlayers }, speaker: { type: "agent", id: mind.profile.id }, conversationId: null }));
    if (event.subjectKind === "agent") this.npcs.met(mind.profile.id, event.subjectId);
    const subject: Noticed = { kind: event.subjectKind, id: event.subjectId, name: event.subjectName, observation: event.text };
    if (isSalient(this.context(), mind, subject)) this.start(mind, REACT_FLOW, (ctx) => considerReacting(ctx, mind, subject));
  }

  private onMinute(mind: Mind): void {
    const now = this.ctx.gameTime();
    const day = dayOf(now);
    const minuteOfDay = minuteOfDayOf(now);
    if (mind.plannedDay !== day) {
      this.start(mind, "plan", async (ctx) => planTheDay(ctx, mind, day, (await recallNews(this.social, this.news, mind.profile.id)).slice(0, NEWS_IN_PLAN).map((fact) => fact.text)));
      return;
    }
    const current = blockAt(mind.blocks, minuteOfDay);
    if (current && isRest(current.block.activity) && minuteOfDay >= 12 * 60) this.start(mind, "night", (ctx) => endTheDay(ctx, mind, day));
    else this.start(mind, "actions", (ctx) => decomposeCurrentBlock(ctx, mind, minuteOfDay));
    const pending = pendingRatings(mind);
    if (pending.count >= this.ctx.settings.importanceBatchSize || (pending.oldestGameTime !== undefined && now - pending.oldestGameTime >= MAX_UNRATED_AGE)) {
      this.start(mind, "memories", (ctx) => rateAndStore(ctx, this.importance, mind));
    }
    if (mind.importanceSinceReflection >= this.ctx.settings.reflectionThreshold) this.start(mind, "reflect", (ctx) => reflect(ctx, mind));
  }

  /** The character the observer sees when it is a player it has never talked with; null otherwise. */
  private newFace(mind: Mind, event: Extract<WorldEvent, { type: "observation" }>): string | null {
    const characterId = event.subjectKind === "player" ? this.ctx.characterOf(event.subjectId) : undefined;
    return characterId && !this.ctx.relationships.has({ agentId: mind.profile.id, other: { type: "player", id: characterId } }) ? characterId : null;
  }

  /** Runs a flow unless the same one is already running for this agent. */
  private start(mind: Mind, flow: string, run: (ctx: FlowContext) => Promise<void>): boolean {
    if (mind.busy.has(flow)) return false;
    mind.busy.add(flow);
    this.track(`${mind.profile.id} ${flow}`, run(this.context()).finally(() => mind.busy.delete(flow)));
    return true;
  }

  /** Background work that settle() waits for; failures are logged, never thrown. */
  private track(label: string, work: Promise<unknown>): void {
    const promise = work
      .then(() => undefined)
      .catch((error: Error) => {
        this.failures++;
        if (this.recentErrors.push(error) > RECENT_ERRORS) this.recentErrors.shift();
        this.ctx.log.warn({ work: label, err: error.message }, "agent thinking failed; the agent keeps to its current plan");
      })
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }

  private context(): FlowContext {
    return { ...this.ctx, emit: (input) => this.outbox.push(input) };
  }
}
