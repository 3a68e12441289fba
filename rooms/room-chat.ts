import type { Client } from "@colyseus/core";
import type pg from "pg";
import type { ChatLine, PlayerRef } from "../agents/conversation/social-context.ts";
import { insertLine } from "../db/repositories/conversation-repository.ts";
import type { Metrics } from "../src/shared-kernel/metrics.ts";
import type { Logger } from "../src/log.ts";
import { canHear, canTalkTo } from "../src/world/interaction-rules.ts";
import { nearestWithin } from "../src/world/nearest.ts";
import type { WorldSimulation } from "../src/world/simulation.ts";
import type { ClientMessage } from "./client-messages.ts";
import type { RoomEngineLink } from "./room-engine-link.ts";
import type { PlayerIdentity } from "./player-identity.ts";
import type { MessageErrorCode, SendToClient, ServerMessage } from "./server-messages.ts";

/** What talk needs of the room it runs in: its world, its players, and a way to reach them. */
export interface ChatRoom {
  worldId(): string;
  /** Tiles within which an agent hears a player (talkRange) and players hear a line (hearingRange). */
  ranges(): { talkRange: number; hearingRange: number };
  sim(): WorldSimulation;
  clients(): Iterable<Client>;
  /** The connected client of a session (Colyseus' ClientArray.getById), if it is connected. */
  client(sessionId: string): Client | undefined;
  send: SendToClient<Client>;
  sendError(client: Client, code: MessageErrorCode, message: string, messageType?: string): void;
}

/** Where talk goes: lines to an agent to the agent engine, the others straight to the conversation log. */
export interface ChatServices {
  pool: pg.Pool;
  log: Logger;
  metrics: Pick<Metrics, "replyFirstChunk">;
  engine(): Pick<RoomEngineLink, "playerSaid">;
}

// Final lines for a player whose connection dropped are kept this many at most until they reconnect.
const MAX_HELD_LINES = 50;

/**
 * Talk in a room: a player's `say` goes to the agent within talking range (stored first, then answered
 * by the agent engine), and `chat` lines go out: partial chunks to the player being answered, final
 * lines to everyone within hearing range. A player whose connection dropped gets the final lines
 * they missed when they reconnect.
 */
export class RoomChat {
  private readonly held = new Map<string, ServerMessage<"chat">[]>();
  private readonly waitingSince = new Map<string, number>();

  constructor(
    private readonly room: ChatRoom,
    private readonly services: ChatServices,
  ) {}

  say(client: Client, identity: PlayerIdentity, { text, to, clientMessageId }: ClientMessage<"say">): void {
    const sim = this.room.sim();
    const player = sim.players.get(client.sessionId);
    if (!player) return;
    const { talkRange } = this.room.ranges();
    let agentId = to;
    if (to) {
      const agent = sim.agents.get(to);
      if (!agent) return this.room.sendError(client, "unknown_agent", `no agent "${to}" in this world`, "say");
      if (!canTalkTo(player, agent, talkRange)) {
        return this.room.sendError(client, "too_far", `${agent.name} is too far away to hear you; come within ${talkRange} tiles`, "say");
      }
    } else agentId = nearestWithin(sim.agents.values(), player, talkRange);
    const speaker: PlayerRef = { characterId: identity.character.id, sessionId: client.sessionId, name: identity.character.name };
    const said = Date.now();
    const stored = agentId
      ? this.services
          .engine()
          .playerSaid(speaker, agentId, text, clientMessageId)
          .then((result) => ({ id: result.lineId, conversationId: result.conversationId, duplicate: result.duplicate }))
      : insertLine(this.services.pool, {
          worldId: this.room.worldId(),
          conversationId: null,
          speaker: { type: "player", id: speaker.characterId, name: speaker.name },
          listener: null,
          text,
          clientMessageId,
          gameTime: sim.clock.gameTime,
          context: { x: player.x, y: player.y },
        }).then((result) => ({ ...result, conversationId: null }));
    if (agentId) this.waitingSince.set(client.sessionId, said);
    stored.then(
      ({ id, conversationId, duplicate }) => {
        this.room.send(client, "said", { id, text, ...(agentId ? { to: agentId } : {}), ...(conversationId ? { conversationId } : {}), ...(clientMessageId ? { clientMessageId } : {}) });
        if (!duplicate) this.toHearers({ conversationId: conversationId ?? "", speakerId: client.sessionId, speakerName: speaker.name, text, partial: false }, player, client.sessionId);
      },
      (error: Error) => {
        this.services.log.warn({ err: error.message }, "could not store a player line");
        this.room.sendError(client, "not_stored", "your line could not be stored right now; send it again (with the same clientMessageId to avoid duplicates)", "say");
      },
    );
  }

  /** A line from the agent engine. */
  deliver(line: ChatLine): void {
    const message: ServerMessage<"chat"> = { conversationId: line.conversationId, speakerId: line.speakerId, speakerName: line.speakerName, text: line.text, partial: line.partial };
    if (line.listener) this.firstChunk(line.listener);
    const listener = line.listener ? this.room.client(line.listener) : undefined;
    if (line.partial) {
      if (listener) this.room.send(listener, "chat", message);
      return;
    }
    if (line.listener) {
      if (listener) this.room.send(listener, "chat", message);
      else this.hold(line.listener, message);
    }
    this.toHearers(message, line.at, line.listener);
  }

  /** The connection dropped: final lines are kept for when it comes back. */
  dropped(sessionId: string): void {
    this.held.set(sessionId, []);
  }

  reconnected(client: Client): void {
    for (const message of this.held.get(client.sessionId) ?? []) this.room.send(client, "chat", message);
    this.held.delete(client.sessionId);
  }

  left(sessionId: string): void {
    this.held.delete(sessionId);
    this.waitingSince.delete(sessionId);
  }

  private hold(sessionId: string, message: ServerMessage<"chat">): void {
    const held = this.held.get(sessionId);
    if (held && held.length < MAX_HELD_LINES) held.push(message);
  }

  private firstChunk(sessionId: string): void {
    const since = this.waitingSince.get(sessionId);
    if (since === undefined) return;
    this.waitingSince.delete(sessionId);
    this.services.metrics.replyFirstChunk.observe({ world: this.room.worldId() }, (Date.now() - since) / 1000);
  }

  private toHearers(message: ServerMessage<"chat">, at: { x: number; y: number }, except: string | null): void {
    const range = this.room.ranges().hearingRange;
    const sim = this.room.sim();
    for (const client of this.room.clients()) {
      if (client.sessionId === except) continue;
      const hearer = sim.players.get(client.sessionId);
      if (hearer && canHear(hearer, at, range)) this.room.send(client, "chat", message);
    }
  }
}
