import { randomUUID } from "node:crypto";
import { STRANGER, type Relationship } from "../../db/repositories/relationship-repository.ts";
import { isExhausted } from "../cognition/feeling-words.ts";
import { stableHash } from "../cognition/profile.ts";
import { blockAt, isRest, type Mind } from "../engine/mind.ts";
import { situationQuery } from "../memory/situation-query.ts";
import { rememberConversation } from "./after-conversation.ts";
import { inCharacterRefusal, LineChecker } from "./content-policy.ts";
import type { NewsMemories } from "./news-memories.ts";
import { recallNews, rememberNews } from "./remember-news.ts";
import { npcTurnTask } from "./npc-turn-task.ts";
import { recordViolation, type SocialContext } from "./social-context.ts";
import { minuteOfDayOf } from "../../src/shared-kernel/game-time.ts";

interface Side {
  mind: Mind;
  relationship: Relationship;
}

interface NpcSession {
  id: string;
  sides: [Side, Side];
  transcript: { speaker: string; text: string }[];
  nextTurnAt: number;
  speaking: boolean;
  /** Resolves once the conversation is in the database; closing waits for it. */
  opened: Promise<void>;
}

// Agents talk between these minutes of the day (awake and about).
const DAY_START = 7 * 60;
const DAY_END = 21 * 60;
// Chance (percent, per meeting) that an agent starts a conversation, by how it feels about the other as things
// stand: fond, friendly or bonded (friend, family...), a stranger when it is sociable, otherwise, and someone it dislikes.
const CHANCE_FOND = 60;
const CHANCE_FRIENDLY = 35;
const CHANCE_SOCIABLE = 25;
const CHANCE_STRANGER = 5;
const CHANCE_DISLIKED = 2;
// Affections (-100..100) behind those chances, and the trust (0..100) below which the chance halves.
const FOND = 40;
const FRIENDLY = 15;
const DISLIKED = -20;
const DISTRUST = 30;
// Pieces of news an agent has in mind to tell at once.
const NEWS_OFFERED = 3;
const SOCIABLE = /friendly|sociable|outgoing|warm|curious|chatty|gossip|talkative/i;

/**
 * Conversations between agents who meet: started by live feelings, personality, energy and cooldowns (per pair
 * and per agent), both stop and face each other, lines alternate up to a turn cap, each from the
 * speaker's own memories and feelings, and news passes from one to the other.
 */
export class NpcConversations {
  private readonly sessions = new Map<string, NpcSession>();
  private readonly byAgent = new Map<string, NpcSession>();
  private readonly lastPair = new Map<string, number>();
  private readonly lastAgent = new Map<string, number>();
  readonly counts = { started: 0, turns: 0, factsPassed: 0 };
  /** The world's policy, compiled once: lines between agents quote no instructions, so one checker serves all. */
  private readonly checker: LineChecker;

  constructor(
    private readonly ctx: SocialContext,
    private readonly mindOf: (agentId: string) => Mind | undefined,
    private readonly news: NewsMemories,
  ) {
    this.checker = new LineChecker(ctx.policy);
  }

  /** An agent saw another: they may start talking. */
  met(observerId: string, otherId: string): void {
    const a = this.mindOf(observerId);
    const b = this.mindOf(otherId);
    if (!a || !b || !this.willing(a, b)) return;
    const now = this.ctx.gameTime();
    const session: NpcSession = { id: randomUUID(), sides: [{ mind: a, relationship: { ...STRANGER } }, { mind: b, relationship: { ...STRANGER } }], transcript: [], nextTurnAt: Infinity, speaking: false, opened: Promise.resolve() };
    this.sessions.set(session.id, session);
    this.byAgent.set(a.profile.id, session);
    this.byAgent.set(b.profile.id, session);
    this.lastPair.set(pairKey(a.profile.id, b.profile.id), now);
    this.lastAgent.set(a.profile.id, now);
    this.lastAgent.set(b.profile.id, now);
    this.counts.started++;
    // Both were free as they are now (willing): the world drops the start for one who has moved on before it arrives.
    const generation = (mind: Mind) => this.ctx.body(mind.profile.id)!.generation;
    this.ctx.emit({ type: "agent_talk_start", agentId: a.profile.id, partner: { kind: "agent", id: b.profile.id }, approach: true, generation: generation(a) });
    this.ctx.emit({ type: "agent_talk_start", agentId: b.profile.id, partner: { kind: "agent", id: a.profile.id }, generation: generation(b) });
    session.opened = this.open(session).catch((error: Error) => {
      this.ctx.log.warn({ conversation: session.id, err: error.message }, "could not start a conversation between agents");
      this.close(session, "failed");
    });
    this.ctx.track(`npc conversation ${session.id}`, session.opened);
  }

  /** Each tick: the next line of every conversation whose turn has come. */
  tick(): void {
    const now = this.ctx.gameTime();
    for (const session of this.sessions.values()) {
      if (session.speaking || now < session.nextTurnAt) continue;
      session.speaking = true;
      this.ctx.track(`npc turn ${session.id}`, this.turn(session).finally(() => (session.speaking = false)));
    }
  }

  /** The world ended a talk (an agent was moved away): its conversation ends too. */
  interrupted(agentId: string): void {
    const session = this.byAgent.get(agentId);
    if (session) this.close(session, "interrupted");
  }

  closeAll(reason: string): void {
    for (const session of [...this.sessions.values()]) this.close(session, reason);
  }

  isTalking(agentId: string): boolean {
    return this.byAgent.has(agentId);
  }

  private willing(a: Mind, b: Mind): boolean {
    const now = this.ctx.gameTime();
    const minute = minuteOfDayOf(now);
    if (minute < DAY_START || minute >= DAY_END) return false;
    const { npcPairCooldownMinutes, npcAgentCooldownMinutes } = this.ctx.settings;
    for (const mind of [a, b]) {
      const body = this.ctx.body(mind.profile.id);
      if (!body || body.talkingWith || this.byAgent.has(mind.profile.id) || isRest(body.activity) || isExhausted(body.energy)) return false;
      const last = this.lastAgent.get(mind.profile.id);
      if (last !== undefined && now - last < npcAgentCooldownMinutes * 60) return false;
    }
    const lastTogether = this.lastPair.get(pairKey(a.profile.id, b.profile.id));
    if (lastTogether !== undefined && now - lastTogether < npcPairCooldownMinutes * 60) return false;
    const chance = this.chanceToTalk(a, b) * this.ctx.settings.npcChattiness;
    return stableHash(`${a.profile.id}|${b.profile.id}|${Math.floor(now / 600)}`) % 100 < chance;
  }

  /** How likely (percent) `a` is to start talking with `b` when they meet, from a's live feelings toward b. */
  private chanceToTalk(a: Mind, b: Mind): number {
    const key = { agentId: a.profile.id, other: { type: "agent" as const, id: b.profile.id } };
    const feelings = this.ctx.relationships.find(key);
    const known = this.ctx.relationships.has(key);
    const base =
      feelings.affection >= FOND ? CHANCE_FOND
      : feelings.affection <= DISLIKED ? CHANCE_DISLIKED
      : feelings.affection >= FRIENDLY || (known && feelings.type !== "acquaintance" && feelings.type !== "rival") ? CHANCE_FRIENDLY
      : a.profile.personalityTraits.some((trait) => SOCIABLE.test(trait)) ? CHANCE_SOCIABLE
      : CHANCE_STRANGER;
    return feelings.trust < DISTRUST ? base / 2 : base;
  }

  private async open(session: NpcSession): Promise<void> {
    const [a, b] = session.sides;
    a.relationship = this.ctx.relationships.find({ agentId: a.mind.profile.id, other: { type: "agent", id: b.mind.profile.id } });
    b.relationship = this.ctx.relationships.find({ agentId: b.mind.profile.id, other: { type: "agent", id: a.mind.profile.id } });
    const now = this.ctx.gameTime();
    await this.ctx.store.openConversation({ id: session.id, worldId: this.ctx.worldId, kind: "agent_agent", a: { type: "agent", id: a.mind.profile.id }, b: { type: "agent", id: b.mind.profile.id }, gameTime: now });
    session.nextTurnAt = now + this.ctx.settings.npcTurnGapSeconds;
  }

  private async turn(session: NpcSession): Promise<void> {
    const speaker = session.sides[session.transcript.length % 2]!;
    const listener = session.sides[(session.transcript.length + 1) % 2]!;
    const { profile } = speaker.mind;
    const partner = listener.mind.profile;
    const body = this.ctx.body(profile.id);
    if (!body || !this.sessions.has(session.id)) return;
    const now = this.ctx.gameTime();
    const minuteOfDay = minuteOfDayOf(now);
    // What the agent was doing before it stopped to talk.
    const activity = blockAt(speaker.mind.blocks, minuteOfDay)?.block.activity ?? body.activity;
    const last = session.transcript.at(-1)?.text;
    const query = situationQuery({ said: last ? [last] : [], present: [partner.name], place: body.location || null, minuteOfDay, activity });
    const [memories, untold] = await Promise.all([this.ctx.memory.retrieve(profile.id, query, now, 3), this.untold(profile.id, partner.name, partner.id)]);
    const cap = this.ctx.settings.npcTurnCap;
    const context = {
      profile,
      partner: { id: partner.id, name: partner.name },
      relationship: speaker.relationship,
      activity,
      memories: memories.map((memory) => memory.content),
      news: untold.map((fact) => fact.text),
      transcript: session.transcript,
      turnsLeft: cap - session.transcript.length,
      gameMinuteOfDay: minuteOfDay,
      mood: body.mood,
      energy: body.energy,
    };
    const answer = await this.ctx.thinker.think(profile.id, npcTurnTask, context);
    if (!this.sessions.has(session.id)) return;
    const turn = "stale" in answer ? npcTurnTask.offline(context) : answer.value;
    const violation = this.checker.check(turn.line);
    const text = violation ? inCharacterRefusal(this.ctx.policy, partner.name) : turn.line;
    session.transcript.push({ speaker: profile.name, text });
    this.counts.turns++;
    if (violation) {
      await recordViolation(this.ctx, { agentId: profile.id, conversationId: session.id, violation, originalText: turn.line, replacement: text });
    }
    const at = this.ctx.body(profile.id) ?? body;
    this.ctx.chat({ conversationId: session.id, speakerId: profile.id, speakerName: profile.name, text, partial: false, listener: null, at: { x: at.x, y: at.y } });
    await this.ctx.store.insertLine({ worldId: this.ctx.worldId, conversationId: session.id, speaker: { type: "agent", id: profile.id, name: profile.name }, listener: { type: "agent", id: partner.id }, text, gameTime: now });
    const shared = !violation && turn.shares > 0 ? untold[turn.shares - 1] : undefined;
    if (shared) await this.pass(session.id, speaker.mind, listener.mind, shared);
    if (turn.end || session.transcript.length >= cap) this.close(session, session.transcript.length >= cap ? "turn_cap" : "said_goodbye");
    else session.nextTurnAt = this.ctx.gameTime() + this.ctx.settings.npcTurnGapSeconds;
  }

  /** News the speaker recalls for the listener and has not told them yet. */
  private async untold(speakerId: string, listenerName: string, listenerId: string): Promise<{ factId: string; text: string }[]> {
    const recalled = await recallNews(this.ctx, this.news, speakerId, listenerName);
    return recalled.filter((fact) => !this.news.wasTold(fact.factId, speakerId, listenerId)).slice(0, NEWS_OFFERED);
  }

  /** The listener now knows the fact, and remembers who told it. */
  private async pass(conversationId: string, speaker: Mind, listener: Mind, fact: { factId: string; text: string }): Promise<void> {
    this.news.markTold(fact.factId, speaker.profile.id, listener.profile.id);
    const memory = await rememberNews(this.ctx, this.news, listener, {
      factId: fact.factId,
      text: fact.text,
      memory: { type: "conversation", content: `${speaker.profile.name} told me: ${fact.text}`, relatedAgents: [speaker.profile.id] },
      speaker: { type: "agent", id: speaker.profile.id },
      conversationId,
      mentions: [{ canonicalId: `agent:${speaker.profile.id}`, entityType: "agent", text: speaker.profile.name }],
    });
    if (memory) this.counts.factsPassed++;
  }

  private close(session: NpcSession, reason: string): void {
    if (!this.sessions.delete(session.id)) return;
    const now = this.ctx.gameTime();
    const [a, b] = session.sides;
    for (const [side, other] of [[a, b], [b, a]] as const) {
      this.byAgent.delete(side.mind.profile.id);
      this.lastAgent.set(side.mind.profile.id, now);
      this.ctx.emit({ type: "agent_talk_end", agentId: side.mind.profile.id, partner: { kind: "agent", id: other.mind.profile.id } });
    }
    const closing = session.opened.then(async () => {
      const remembered = session.transcript.length === 0 ? [] : await Promise.all([
        rememberConversation(this.ctx, a.mind, { type: "agent", id: b.mind.profile.id, name: b.mind.profile.name }, session.transcript),
        rememberConversation(this.ctx, b.mind, { type: "agent", id: a.mind.profile.id, name: a.mind.profile.name }, session.transcript),
      ]);
      await this.ctx.store.closeConversation(session.id, { reason, summary: remembered[0] ?? null, turns: session.transcript.length, gameTime: this.ctx.gameTime() });
    });
    this.ctx.track(`close ${session.id}`, closing);
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}
