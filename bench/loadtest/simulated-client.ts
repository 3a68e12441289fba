import { Client, type Room } from "@colyseus/sdk";
import type { Rng } from "../../src/world/rng.ts";
import { countInto, type WorkerWindow } from "./worker-messages.ts";
import { Wanderer, type Point } from "./wander.ts";

/** A client walks up to within this many tiles of an agent before speaking (the default talking range is 4). */
const TALK_DISTANCE = 2.5;
/** A talk gives up when the agent is not reached, or has not answered, within this long. */
const TALK_TIMEOUT_MS = 30_000;
/** A move_to about every 5 s of walking at 10 Hz. */
const CLICK_CHANCE = 0.02;
const LINES = ["Hello there!", "What are you working on?", "Any news today?", "Nice weather, isn't it?", "Where can I buy bread?"];
/** Answers that a wandering player provokes by design (a random target off the map), not failures. */
const GAME_ANSWERS = new Set(["out_of_bounds", "no_path", "too_far", "unknown_agent"]);

interface PositionedEntity {
  x: number;
  y: number;
}

interface ReplicatedState {
  players?: { get(id: string): PositionedEntity | undefined };
  agents?: { get(id: string): PositionedEntity | undefined; forEach(visit: (agent: PositionedEntity, id: string) => void): void };
}

interface Talk {
  agentId: string;
  startedAt: number;
  sentAt: number | undefined;
  gotChunk: boolean;
}

/**
 * One simulated player on a real @colyseus/sdk client: joins, walks (see Wanderer), pings, and on
 * request walks up to the nearest agent it can see and talks to it. Everything it observes goes into
 * the worker's current window (`tally()` returns the one to write to).
 */
export class SimulatedClient {
  private room: Room | undefined;
  private readonly wanderer: Wanderer;
  private talk: Talk | undefined;
  private leaving = false;
  connectedSince: number | undefined;

  constructor(
    private readonly number: number,
    private readonly options: { url: string; world: string | undefined; spread: number },
    private readonly rng: Rng,
    private readonly tally: () => WorkerWindow,
  ) {
    this.wanderer = new Wanderer(rng, options.spread, CLICK_CHANCE);
  }

  get connected(): boolean {
    return this.room !== undefined && this.connectedSince !== undefined;
  }

  get talking(): boolean {
    return this.talk !== undefined;
  }

  async join(): Promise<void> {
    const started = performance.now();
    try {
      const joinOptions = { name: `Load ${this.number}`, ...(this.options.world ? { world: this.options.world } : {}) };
      const room = await new Client(this.options.url).joinOrCreate("world", joinOptions);
      this.tally().joinsOk++;
      this.tally().joinMs.push(performance.now() - started);
      this.attach(room);
    } catch (error) {
      const window = this.tally();
      window.joinsFailed++;
      const message = describeJoinError(error);
      if (window.joinErrors.length < 5 && !window.joinErrors.includes(message)) window.joinErrors.push(message);
    }
  }

  /** One movement step: an `input` or a `move_to`, and the `say` of a talk once the agent is close. */
  step(now: number): void {
    const room = this.room;
    const me = this.position();
    if (!room || !me || !this.connected) return;
    if (this.talk) this.advanceTalk(room, me, now);
    const message = this.wanderer.next(me, now);
    if (message.type === "input") room.send("input", { dx: message.dx, dy: message.dy });
    else room.send("move_to", { x: message.x, y: message.y });
    this.tally().messagesOut++;
  }

  ping(): void {
    if (!this.room || !this.connected) return;
    this.room.send("ping", { t: performance.now() });
    this.tally().messagesOut++;
  }

  /** Starts walking up to the nearest agent in view to say a line; false when no agent is in view. */
  startTalk(now: number): boolean {
    const me = this.position();
    if (!me || this.talk) return false;
    const nearest = this.nearestAgent(me);
    if (!nearest) return false;
    this.talk = { agentId: nearest.id, startedAt: now, sentAt: undefined, gotChunk: false };
    return true;
  }

  async leave(): Promise<void> {
    this.leaving = true;
    const room = this.room;
    if (!room) return;
    await Promise.race([room.leave(true).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }

  private attach(room: Room): void {
    this.room = room;
    this.connectedSince = performance.now();
    const events = room.connection.events;
    const deliver = events.onmessage;
    events.onmessage = (event: MessageEvent) => {
      const window = this.tally();
      window.messagesIn++;
      window.bytesIn += byteLength(event.data);
      deliver?.(event);
    };
    room.onStateChange(() => this.tally().patches++);
    room.onMessage("pong", (pong: { t?: number }) => {
      if (typeof pong.t === "number") this.tally().rttMs.push(performance.now() - pong.t);
    });
    room.onMessage("error", (error: { code: string; type?: string }) => {
      countInto(this.tally().serverErrors, error.code);
      if (error.type === "move_to" && GAME_ANSWERS.has(error.code)) this.wanderer.retarget();
      if (error.type === "say" && this.talk) this.endTalk();
    });
    room.onMessage("chat", (chat: { speakerId: string; partial: boolean }) => this.heard(chat));
    for (const type of ["welcome", "said", "interaction"]) room.onMessage(type, () => undefined);
    room.onError(() => this.tally().roomErrors++);
    room.onDrop(() => this.tally().drops++);
    room.onReconnect(() => this.tally().reconnects++);
    room.onLeave((code) => {
      if (!this.leaving) countInto(this.tally().disconnects, code);
      this.connectedSince = undefined;
    });
  }

  private heard(chat: { speakerId: string; partial: boolean }): void {
    const talk = this.talk;
    if (!talk || talk.sentAt === undefined || chat.speakerId !== talk.agentId) return;
    const elapsed = performance.now() - talk.sentAt;
    if (chat.partial && !talk.gotChunk) {
      talk.gotChunk = true;
      this.tally().replyFirstChunkMs.push(elapsed);
    }
    if (!chat.partial) {
      this.tally().replyFinalMs.push(elapsed);
      this.endTalk();
    }
  }

  private advanceTalk(room: Room, me: Point, now: number): void {
    const talk = this.talk!;
    if (now - talk.startedAt > TALK_TIMEOUT_MS) {
      this.tally().replyTimeouts++;
      this.endTalk();
      return;
    }
    if (talk.sentAt !== undefined) return;
    const agent = this.agentPosition(talk.agentId);
    if (!agent) return this.endTalk();
    this.wanderer.chase = agent;
    if (Math.hypot(agent.x - me.x, agent.y - me.y) > TALK_DISTANCE) return;
    talk.sentAt = performance.now();
    room.send("say", { text: this.rng.pick(LINES), to: talk.agentId, clientMessageId: `load-${this.number}-${Math.round(now)}` });
    const window = this.tally();
    window.messagesOut++;
    window.linesSaid++;
  }

  private endTalk(): void {
    this.talk = undefined;
    this.wanderer.chase = undefined;
  }

  private position(): Point | undefined {
    const room = this.room;
    if (!room) return undefined;
    return (room.state as ReplicatedState | undefined)?.players?.get(room.sessionId);
  }

  private agentPosition(id: string): Point | undefined {
    const agent = (this.room?.state as ReplicatedState | undefined)?.agents?.get(id);
    return agent ? { x: agent.x, y: agent.y } : undefined;
  }

  private nearestAgent(me: Point): { id: string } | undefined {
    let best: { id: string; distance: number } | undefined;
    (this.room?.state as ReplicatedState | undefined)?.agents?.forEach((agent, id) => {
      const distance = Math.hypot(agent.x - me.x, agent.y - me.y);
      if (!best || distance < best.distance) best = { id, distance };
    });
    return best;
  }
}

function byteLength(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return typeof data === "string" ? Buffer.byteLength(data) : 0;
}

function describeJoinError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = (error as { code?: unknown }).code;
  const detail = cause?.code ?? cause?.message;
  return [error.message || error.name, code !== undefined ? `code ${String(code)}` : undefined, detail].filter(Boolean).join(": ");
}
