import { randomUUID } from "node:crypto";
import type { Mind } from "../engine/mind.ts";
import type { MemoryType, StoredMemory } from "../engine/ports.ts";
import { scheduleFor } from "../engine/mind.ts";
import { remember } from "../engine/remember.ts";
import { situationQuery } from "../memory/situation-query.ts";
import { rememberConversation } from "./after-conversation.ts";
import { guardedReply } from "./guarded-reply.ts";
import { tooManyWordsReply } from "./offline-reply.ts";
import { entitiesIn, isNews, type MentionDirectory } from "./mentions.ts";
import { newsFromMemory, type NewsMemories } from "./news-memories.ts";
import { ReplyBudget } from "./reply-budget.ts";
import type { ReplyIntent } from "./reply-intent.ts";
import { capLine, type ReplyContext } from "./reply-task.ts";
import type { AgentBody, PlayerRef, SocialContext } from "./social-context.ts";
import { dayOf, minuteOfDayOf, secondsOfDayOf } from "../../src/shared-kernel/game-time.ts";
import { SaidToday } from "./said-today.ts";
import { villagersFor } from "./villagers.ts";

interface Turn {
  speaker: string;
  text: string;
}

/** A player's line waiting for its reply, with what the agent recalled for it before it became a memory itself. */
interface HeardLine {
  turn: Turn;
  recalled: StoredMemory[] | undefined;
}

interface PlayerSession {
  id: string;
  agentId: string;
  player: PlayerRef;
  turns: Turn[];
  state: "active" | "idle";
  lastActivity: number;
  following: boolean;
  /** Lines not answered yet; the next reply answers them all, so a player waits on one reply at most. */
  unanswered: HeardLine[];
  /** Replies are given one after another, in the order the lines came. */
  replying: Promise<void>;
  /** The conversation's row is stored: lines refer to it, so a line that comes while it is being written waits. */
  opened: Promise<void>;
}

/** A reply about to be said: the final line, where it came from, and what the agent means to do. */
interface Reply {
  text: string;
  from: "model" | "offline" | "budget";
  intent: ReplyIntent;
  /** Ids of the memories the reply was given (stored with the line, so an answer can be checked against them). */
  memories: string[];
}

export interface SaidResult {
  conversationId: string;
  lineId: string;
  duplicate: boolean;
}

// How far (tiles) a followed player may get before the agent walks after them.
const FOLLOW_SLACK_TILES = 2;
// Lines merged into one reply are heard as new at most this many; older ones come as the conversation so far, so a flood makes no huge prompt.
const NEW_LINES_PER_REPLY = 8;
// Earlier turns of the conversation a reply is given.
const TURNS_IN_PROMPT = 8;
// Memories recalled for a reply.
const MEMORIES_PER_REPLY = 4;
// Memories of what the agent heard or saw (and summaries of them), as opposed to what it made of them.
const HEARD_OR_SEEN = new Set<MemoryType>(["observation", "conversation", "summary"]);

/**
 * Conversations between players and agents: one session per player-agent pair, opened by a player's
 * line, kept while lines flow, idle after a quiet spell, closed after a timeout, a goodbye, or when
 * the player leaves. Each line is stored (log and memory) before the agent's streamed reply starts.
 * Lines that come while a reply is pending join it; past the player's reply budget the agent answers
 * in character without asking the model.
 */
export class PlayerConversations {
  private readonly sessions = new Map<string, PlayerSession>();
  /** Conversations being closed (remembered and stored), by pair: a new one between the same two waits for it. */
  private readonly closing = new Map<string, Promise<void>>();
  private readonly replies: ReplyBudget;
  /** What each agent said to each player today, so the offline provider does not repeat itself. */
  private readonly saidToday = new SaidToday();

  constructor(
    private readonly ctx: SocialContext,
    private readonly mindOf: (agentId: string) => Mind | undefined,
    private readonly news: NewsMemories,
    private readonly directory: MentionDirectory,
  ) {
    this.replies = new ReplyBudget(ctx.replyBudget);
  }

  /** Stores the player's line, then answers it in the background. Resolves once the line is stored. */
  async said(player: PlayerRef, agentId: string, text: string, clientMessageId?: string): Promise<SaidResult> {
    const mind = this.mindOf(agentId);
    if (!mind) throw new Error(`no agent "${agentId}" in this world`);
    const session = await this.sessionFor(player, agentId);
    const line = capLine(text, this.ctx.settings.maxPlayerLineLength);
    const now = this.ctx.gameTime();
    const stored = await this.ctx.store.insertLine({
      worldId: this.ctx.worldId,
      conversationId: session.id,
      speaker: { type: "player", id: player.characterId, name: player.name },
      listener: { type: "agent", id: agentId },
      text: line,
      clientMessageId,
      gameTime: now,
    });
    if (stored.duplicate) return { conversationId: session.id, lineId: stored.id, duplicate: true };
    // A line that starts a reply recalls what the agent knows before it joins the agent's memories itself: stored
    // first, the question would be the most relevant memory of all, and every other memory, the answer among
    // them, would be measured against it. (Lines that come while a reply is pending are answered together, by one
    // recall for all of them.)
    const recalled =
      session.unanswered.length === 0
        ? await this.recall(mind.profile, player, [line]).catch((error: Error) => void this.ctx.log.warn({ agent: agentId, err: error.message }, "could not recall memories for a player's line; the reply will try again"))
        : undefined;
    await this.remember(mind, player, line, session.id, stored.id);
    session.lastActivity = now;
    session.state = "active";
    const turn = { speaker: player.name, text: line };
    session.turns.push(turn);
    const body = this.ctx.body(agentId);
    if (body?.talkingWith?.id !== player.sessionId) this.ctx.emit({ type: "agent_talk_start", agentId, partner: { kind: "player", id: player.sessionId }, generation: null });
    const replyPending = session.unanswered.length > 0;
    session.unanswered.push({ turn, recalled });
    if (!replyPending) {
      session.replying = session.replying
        .then(() => this.reply(mind, session))
        .catch((error: Error) => this.ctx.log.warn({ agent: agentId, conversation: session.id, err: error.message }, "could not answer a player"));
      this.ctx.track(`reply:${agentId}`, session.replying);
    }
    return { conversationId: session.id, lineId: stored.id, duplicate: false };
  }

  /** Each game minute: idle and close quiet conversations; agents who follow keep up with their player. */
  tick(): void {
    const now = this.ctx.gameTime();
    this.replies.prune({ realMs: Date.now(), gameSeconds: now });
    const { idleAfterMinutes, closeAfterMinutes } = this.ctx.settings;
    for (const session of this.sessions.values()) {
      const quiet = now - session.lastActivity;
      if (quiet >= closeAfterMinutes * 60) this.close(session, "timeout");
      else if (quiet >= idleAfterMinutes * 60 && session.state === "active") {
        session.state = "idle";
        this.ctx.track("conversation idle", this.ctx.store.touchConversation(session.id, { state: "idle", turns: session.turns.length, gameTime: now }));
      } else if (session.following) this.keepUp(session);
    }
  }

  /** The player left the room (or the world ended the talk): their conversations close. */
  playerLeft(sessionId: string): void {
    for (const session of [...this.sessions.values()]) if (session.player.sessionId === sessionId) this.close(session, "player_left");
  }

  closeAll(reason: string): void {
    for (const session of [...this.sessions.values()]) this.close(session, reason);
  }

  private async sessionFor(player: PlayerRef, agentId: string): Promise<PlayerSession> {
    const key = `${agentId}\n${player.characterId}`;
    if (!this.sessions.has(key)) await this.closing.get(key);
    const existing = this.sessions.get(key);
    if (existing) {
      await existing.opened;
      existing.player = player;
      return existing;
    }
    const id = randomUUID();
    const lastActivity = this.ctx.gameTime();
    const opened = this.ctx.store.openConversation({
      id,
      worldId: this.ctx.worldId,
      kind: "player_agent",
      a: { type: "player", id: player.characterId },
      b: { type: "agent", id: agentId },
      gameTime: lastActivity,
    });
    const session: PlayerSession = { id, agentId, player, turns: [], state: "active", lastActivity, following: false, unanswered: [], replying: Promise.resolve(), opened };
    this.sessions.set(key, session);
    try {
      await opened;
    } catch (error) {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
      throw error;
    }
    return session;
  }

  /** The line as the agent's memory, with what it names; news in it makes the memory one the agent may pass on. */
  private async remember(mind: Mind, player: PlayerRef, line: string, conversationId: string, lineId: string): Promise<void> {
    const { profile } = mind;
    const content = `${player.name} said to me: "${line}"`;
    const now = this.ctx.gameTime();
    const [memory] = await remember(this.ctx.memory, mind, [{ agentId: profile.id, type: "conversation", content, relatedPlayers: [player.characterId], gameTime: now }]);
    const entities = entitiesIn(line, this.directory).filter((entity) => entity.canonicalId !== `agent:${profile.id}`);
    const news = isNews(line) ? [{ canonicalId: `fact:line-${lineId}`, entityType: "fact" as const, text: `${player.name} said "${line}"` }] : [];
    if (memory) for (const fact of news) this.news.carry({ agentId: profile.id, memoryId: memory.id, factId: fact.canonicalId, content: memory.content });
    await this.ctx.store.insertMentions(
      [...entities, ...news].map((entity) => ({
        worldId: this.ctx.worldId,
        conversationId,
        memoryId: memory?.id ?? null,
        speaker: { type: "player", id: player.characterId },
        hearerAgentId: profile.id,
        ...entity,
        gameTime: now,
      })),
    );
  }

  /** Answers every line not answered yet, with the model while the player's budget lasts. */
  private async reply(mind: Mind, session: PlayerSession): Promise<void> {
    const heard = session.unanswered.splice(0);
    const { profile } = mind;
    const body = this.ctx.body(profile.id);
    if (heard.length === 0 || !body) return;
    const { player } = session;
    const chat = (text: string, partial: boolean) => {
      const at = this.ctx.body(profile.id) ?? body;
      this.ctx.chat({ conversationId: session.id, speakerId: profile.id, speakerName: profile.name, text, partial, listener: player.sessionId, at: { x: at.x, y: at.y } });
    };
    const reply: Reply = this.replies.take(player.characterId, { realMs: Date.now(), gameSeconds: this.ctx.gameTime() })
      ? await this.think(profile, body, session, heard, chat)
      : { text: tooManyWordsReply(player.name, `${profile.id}:${session.id}:${session.turns.length}`), from: "budget", intent: { kind: "none" }, memories: [] };
    chat(reply.text, false);
    this.saidToday.record(profile.id, player.characterId, dayOf(this.ctx.gameTime()), reply.text);
    session.turns.push({ speaker: profile.name, text: reply.text });
    session.lastActivity = this.ctx.gameTime();
    await this.ctx.store.insertLine({
      worldId: this.ctx.worldId,
      conversationId: session.id,
      speaker: { type: "agent", id: profile.id, name: profile.name },
      listener: { type: "player", id: player.characterId },
      text: reply.text,
      gameTime: this.ctx.gameTime(),
      // `answered`: the player's lines this reply answers (more than one when lines came while it was pending).
      context: { from: reply.from, answered: heard.length, memories: reply.memories, ...(reply.intent.kind !== "none" ? { intent: reply.intent } : {}) },
    });
    this.act(mind, session, reply.intent);
  }

  /** The memories a reply draws on: those recalled for the player's words and name. */
  private recall(agent: Mind["profile"], player: PlayerRef, lines: readonly string[]): Promise<StoredMemory[]> {
    return this.ctx.memory.retrieve(agent.id, situationQuery({ said: lines, present: [player.name] }), this.ctx.gameTime(), MEMORIES_PER_REPLY);
  }

  /** The answer to the lines heard, from what the agent recalls for them, streamed through the content policy; the final line is left to the caller. */
  private async think(profile: Mind["profile"], body: AgentBody, session: PlayerSession, heard: HeardLine[], chat: (text: string, partial: boolean) => void): Promise<Reply> {
    const { player } = session;
    const now = this.ctx.gameTime();
    const newest = heard.slice(-NEW_LINES_PER_REPLY).map((line) => line.turn);
    const lines = newest.map((turn) => turn.text);
    const relationship = this.ctx.relationships.find({ agentId: profile.id, other: { type: "player", id: player.characterId } });
    const [pastConversations, memories] = await Promise.all([
      this.ctx.store.pastSummaries(profile.id, player.characterId, 3),
      (heard.length === 1 ? heard[0]!.recalled : undefined) ?? this.recall(profile, player, lines),
    ]);
    // Lines recalled after they were stored (or said before in the same words) are no answer to themselves.
    const recalled = memories.filter((memory) => memory.type !== "plan" && !lines.some((line) => memory.content.endsWith(`"${line}"`)));
    const context: ReplyContext = {
      profile,
      activity: body.activity,
      location: body.location || null,
      mood: body.mood,
      energy: body.energy,
      player: { id: player.characterId, name: player.name },
      relationship,
      pastConversations,
      memories: recalled.map((memory) => memory.content),
      heard: recalled.filter((memory) => HEARD_OR_SEEN.has(memory.type)).map((memory) => memory.content),
      news: recalled.filter((memory) => this.news.factIn(memory.id)).map((memory) => newsFromMemory(memory.content)),
      turns: session.turns.filter((turn) => !newest.includes(turn)).slice(-TURNS_IN_PROMPT),
      playerLine: lines.join("\n"),
      locations: this.ctx.locations,
      gameMinuteOfDay: minuteOfDayOf(now),
      plan: this.mindOf(profile.id)?.blocks ?? profile.routine,
      people: villagersFor(profile, this.directory, (id) => this.mindOf(id)?.profile, (id) => this.ctx.body(id)),
      saidToday: this.saidToday.of(profile.id, player.characterId, dayOf(now)),
    };
    const spoken = await guardedReply(this.ctx, profile, context, session.id, chat);
    return { ...spoken, memories: recalled.map((memory) => memory.id) };
  }

  private act(mind: Mind, session: PlayerSession, intent: ReplyIntent): void {
    if (intent.kind === "end") this.close(session, "agent_ended");
    else if (intent.kind === "follow") session.following = true;
    else if (intent.kind === "meet" && this.ctx.locations.includes(intent.location)) {
      const now = this.ctx.gameTime();
      const today = dayOf(now);
      const day = intent.minuteOfDay * 60 > secondsOfDayOf(now) ? today : today + 1;
      mind.promises.push({ day, startMinute: intent.minuteOfDay, activity: `meeting ${session.player.name}`, location: intent.location });
      this.ctx.emit(scheduleFor(mind, mind.schedule, now));
    }
  }

  private keepUp(session: PlayerSession): void {
    const body = this.ctx.body(session.agentId);
    const player = this.ctx.player(session.player.sessionId);
    if (body && player && Math.hypot(body.x - player.x, body.y - player.y) > FOLLOW_SLACK_TILES) {
      this.ctx.emit({ type: "agent_talk_start", agentId: session.agentId, partner: { kind: "player", id: session.player.sessionId }, approach: true, generation: null });
    }
  }

  private close(session: PlayerSession, reason: string): void {
    const key = `${session.agentId}\n${session.player.characterId}`;
    this.sessions.delete(key);
    if (this.ctx.body(session.agentId)?.talkingWith?.id === session.player.sessionId) this.ctx.emit({ type: "agent_talk_end", agentId: session.agentId, partner: { kind: "player", id: session.player.sessionId } });
    const mind = this.mindOf(session.agentId);
    const closing = Promise.all([session.opened, session.replying]).then(async () => {
      const summary = mind && session.turns.length > 0 ? await rememberConversation(this.ctx, mind, { type: "player", id: session.player.characterId, name: session.player.name }, session.turns) : null;
      await this.ctx.store.closeConversation(session.id, { reason, summary, turns: session.turns.length, gameTime: this.ctx.gameTime() });
    });
    const settled = closing.catch(() => undefined).finally(() => {
      if (this.closing.get(key) === settled) this.closing.delete(key);
    });
    this.closing.set(key, settled);
    this.ctx.track(`close:${session.id}`, closing);
  }
}
