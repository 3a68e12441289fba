import type { Client, Room } from "@colyseus/core";
import type { z } from "zod";
import type { StoredWorld } from "../db/repositories/world-repository.ts";
import { phraseActivity } from "../src/world/activity-phrase.ts";
import type { WorldInput, WorldSimulation } from "../src/world/simulation.ts";
import { ClientMessages, CloseCodes, type ClientMessage, type ClientMessageType } from "./client-messages.ts";
import type { PlayerIdentity } from "./player-identity.ts";
import type { MessageErrorCode, SendToClient } from "./server-messages.ts";
import { RateLimiter } from "../src/shared-kernel/rate-limiter.ts";
import type { WorldRoomDependencies } from "./world-room.ts";

export interface MessageContextForRoom {
  deps: WorldRoomDependencies;
  world(): StoredWorld;
  sim(): WorldSimulation;
  enqueue(input: WorldInput): void;
  /** A player's `say`, valid in shape: the room's chat takes it from here. */
  say(client: Client, identity: PlayerIdentity, message: ClientMessage<"say">): void;
  send: SendToClient<Client>;
  sendError(client: Client, code: MessageErrorCode, message: string, messageType?: string): void;
  disconnect(client: Client, code: number, reason: string): void;
  closeCodes: typeof CloseCodes;
}

// How close (in tiles) a player must stand to interact with an agent.
const INTERACT_RANGE_TILES = 3;

type Handler<T extends ClientMessageType> = (client: Client, message: ClientMessage<T>) => void;

/**
 * Every client message passes the same gate: rate limit, then zod validation. A malformed or unknown
 * message gets an `error` and the sender is disconnected; the room and other clients are untouched.
 */
export function registerMessageHandlers(room: Room, ctx: MessageContextForRoom): void {
  const limiters = new WeakMap<Client, RateLimiter>();
  const { metrics } = ctx.deps;

  const admit = (client: Client, type: string): boolean => {
    let limiter = limiters.get(client);
    if (!limiter) {
      limiter = new RateLimiter(ctx.deps.rateLimit, performance.now());
      limiters.set(client, limiter);
    }
    const decision = limiter.take(performance.now());
    if (decision === "accept") return true;
    metrics.messagesRejected.inc({ reason: "rate_limited" });
    if (decision === "disconnect") {
      ctx.sendError(client, "rate_limited", "too many messages; disconnected", type);
      ctx.disconnect(client, CloseCodes.RATE_LIMITED, "rate limited");
    } else {
      ctx.sendError(client, "rate_limited", `message dropped: more than ${ctx.deps.rateLimit.perSecond} messages per second`, type);
    }
    return false;
  };

  const refuse = (client: Client, type: string, reason: MessageErrorCode, message: string) => {
    metrics.messagesRejected.inc({ reason });
    ctx.sendError(client, reason, message, type);
    // A close reason is at most 123 bytes; the full explanation went in the error message above.
    ctx.disconnect(client, CloseCodes.INVALID_MESSAGE, reason);
  };

  const on = <T extends ClientMessageType>(type: T, handler: Handler<T>) => {
    const schema: z.ZodType = ClientMessages[type];
    room.onMessage(type, (client: Client, payload: unknown) => {
      metrics.messagesIn.inc({ type });
      if (!admit(client, type)) return;
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) {
        const details = parsed.error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
        refuse(client, type, "invalid_message", `invalid "${type}" message (${details}); see docs/protocol.md`);
        return;
      }
      handler(client, parsed.data as ClientMessage<T>);
    });
  };

  room.onMessage("*", (client: Client, type: string | number) => {
    metrics.messagesIn.inc({ type: "unknown" });
    refuse(client, String(type), "unknown_message_type", `unknown message type "${String(type)}"; allowed: ${Object.keys(ClientMessages).join(", ")}`);
  });

  on("input", (client, { dx, dy }) => ctx.enqueue({ type: "player_input", playerId: client.sessionId, dx, dy }));

  on("move_to", (client, { x, y }) => {
    const { width, height } = ctx.world().definition.map;
    if (x >= width || y >= height) {
      ctx.sendError(client, "out_of_bounds", `(${x}, ${y}) is outside the ${width}x${height} map`, "move_to");
      return;
    }
    ctx.enqueue({ type: "player_move_to", playerId: client.sessionId, x, y });
  });

  on("interact", (client, { agentId }) => {
    const agent = ctx.sim().agents.get(agentId);
    const player = ctx.sim().players.get(client.sessionId);
    if (!agent || !player) {
      ctx.sendError(client, "unknown_agent", `no agent "${agentId}" in this world`, "interact");
      return;
    }
    if (Math.hypot(agent.x - player.x, agent.y - player.y) > INTERACT_RANGE_TILES) {
      ctx.sendError(client, "too_far", `${agent.name} is too far away; come within ${INTERACT_RANGE_TILES} tiles`, "interact");
      return;
    }
    const doing = phraseActivity(agent.activity, agent.location || null).doing;
    ctx.send(client, "interaction", { agentId, name: agent.name, activity: agent.activity, location: agent.location, text: `${agent.name} is ${doing}.` });
  });

  on("say", (client, message) => {
    const identity = (client.userData as { identity?: PlayerIdentity } | undefined)?.identity;
    if (identity) ctx.say(client, identity, message);
  });

  on("ping", (client, { t }) => ctx.send(client, "pong", { ...(t !== undefined ? { t } : {}), serverTime: Date.now() }));
}
