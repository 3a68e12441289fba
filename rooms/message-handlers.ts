import { z } from "zod";
import { phraseActivity } from "../src/world/activity-phrase.ts";
import { canInteract, INTERACT_RANGE_TILES, onMap } from "../src/world/interaction-rules.ts";
import type { WorldInput, WorldSimulation } from "../src/world/simulation.ts";
import type { Metrics } from "../src/shared-kernel/metrics.ts";
import { ClientMessages, CloseCodes, type ClientMessage, type ClientMessageType } from "./client-messages.ts";
import type { MessageErrorCode, SendToClient } from "./server-messages.ts";
import { RateLimiter, type RateLimitOptions } from "../src/shared-kernel/rate-limiter.ts";

/** A connected client as the handlers see it: its session is all they read. */
export interface SessionClient {
  readonly sessionId: string;
}

/** What the message handlers need of the room they serve. */
export interface MessageContext<C extends SessionClient> {
  map(): { width: number; height: number };
  sim(): WorldSimulation;
  enqueue(input: WorldInput): void;
  /** A player's `say`, valid in shape: the room's chat takes it from here. */
  say(client: C, message: ClientMessage<"say">): void;
  send: SendToClient<C>;
  sendError(client: C, code: MessageErrorCode, message: string, messageType?: string): void;
  disconnect(client: C, code: number, reason: string): void;
  rateLimit: RateLimitOptions;
  metrics: Pick<Metrics, "messagesIn" | "messagesRejected">;
}

/**
 * Where handlers are registered: Colyseus' Room.onMessage (which runs `validator` on each payload
 * before the handler, as its validate() table does), or the tick benchmark's stand-in for it.
 */
export interface MessageRegistrar<C> {
  on<T>(type: string, validator: z.ZodType<T>, handler: (client: C, message: T) => void): void;
  onUnknown(handler: (client: C, type: string | number) => void): void;
}

/**
 * The validator handed to Colyseus for a message type. Colyseus closes a client whose payload fails its
 * validator at once, with its own close code and no reply, before any handler runs; the protocol
 * promises an `error` naming the fields, close code 4400, and the rate limit first. So this validator
 * always passes and carries zod's verdict on the payload to the handler, which acts on it.
 */
export function verdictOf<S extends z.ZodType>(schema: S) {
  return z.unknown().transform((payload) => schema.safeParse(payload ?? {}));
}

type Handler<C, T extends ClientMessageType> = (client: C, message: ClientMessage<T>) => void;

/**
 * Every client message passes the same gate: rate limit, then zod validation. A malformed or unknown
 * message gets an `error` and the sender is disconnected; the room and other clients are untouched.
 */
export function registerMessageHandlers<C extends SessionClient>(room: MessageRegistrar<C>, ctx: MessageContext<C>): void {
  const limiters = new WeakMap<C, RateLimiter>();
  const { metrics } = ctx;

  const admit = (client: C, type: string): boolean => {
    let limiter = limiters.get(client);
    if (!limiter) {
      limiter = new RateLimiter(ctx.rateLimit, performance.now());
      limiters.set(client, limiter);
    }
    const decision = limiter.take(performance.now());
    if (decision === "accept") return true;
    metrics.messagesRejected.inc({ reason: "rate_limited" });
    if (decision === "disconnect") {
      ctx.sendError(client, "rate_limited", "too many messages; disconnected", type);
      ctx.disconnect(client, CloseCodes.RATE_LIMITED, "rate limited");
    } else {
      ctx.sendError(client, "rate_limited", `message dropped: more than ${ctx.rateLimit.perSecond} messages per second`, type);
    }
    return false;
  };

  const refuse = (client: C, type: string, reason: MessageErrorCode, message: string) => {
    metrics.messagesRejected.inc({ reason });
    ctx.sendError(client, reason, message, type);
    // A close reason is at most 123 bytes; the full explanation went in the error message above.
    ctx.disconnect(client, CloseCodes.INVALID_MESSAGE, reason);
  };

  const on = <T extends ClientMessageType>(type: T, handler: Handler<C, T>) => {
    const schema: z.ZodType = ClientMessages[type];
    room.on(type, verdictOf(schema), (client, verdict) => {
      metrics.messagesIn.inc({ type });
      if (!admit(client, type)) return;
      if (!verdict.success) {
        const details = verdict.error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
        refuse(client, type, "invalid_message", `invalid "${type}" message (${details}); see docs/protocol.md`);
        return;
      }
      handler(client, verdict.data as ClientMessage<T>);
    });
  };

  room.onUnknown((client, type) => {
    metrics.messagesIn.inc({ type: "unknown" });
    refuse(client, String(type), "unknown_message_type", `unknown message type "${String(type)}"; allowed: ${Object.keys(ClientMessages).join(", ")}`);
  });

  on("input", (client, { dx, dy }) => ctx.enqueue({ type: "player_input", playerId: client.sessionId, dx, dy }));

  on("move_to", (client, { x, y }) => {
    const map = ctx.map();
    if (!onMap(map, { x, y })) {
      ctx.sendError(client, "out_of_bounds", `(${x}, ${y}) is outside the ${map.width}x${map.height} map`, "move_to");
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
    if (!canInteract(player, agent)) {
      ctx.sendError(client, "too_far", `${agent.name} is too far away; come within ${INTERACT_RANGE_TILES} tiles`, "interact");
      return;
    }
    const doing = phraseActivity(agent.activity, agent.location || null).doing;
    ctx.send(client, "interaction", { agentId, name: agent.name, activity: agent.activity, location: agent.location, text: `${agent.name} is ${doing}.` });
  });

  on("say", (client, message) => ctx.say(client, message));

  on("ping", (client, { t }) => ctx.send(client, "pong", { ...(t !== undefined ? { t } : {}), serverTime: Date.now() }));
}
