import { WebSocketTransport } from "@colyseus/ws-transport";
import type { WebSocket } from "ws";
import { CloseCodes } from "./client-messages.ts";
import { RateLimiter, type RateLimitOptions } from "../src/shared-kernel/rate-limiter.ts";

export interface FrameBudget {
  limits: RateLimitOptions;
  /** Called for every frame dropped over the budget (for metrics). */
  refused(): void;
}

// A peer that does not answer our close frame is cut off this long after it, instead of ws' 30 s.
const CLOSE_GRACE_MS = 1_000;

/**
 * Counts every inbound WebSocket frame of one connection against a token bucket before anything
 * decodes it: pings, requests, unknown protocol codes and garbage cost the same as a message. Frames
 * over the budget are dropped; a connection that keeps flooding is closed with 4429. It intercepts
 * the socket's "message" events, so it holds whoever listens (the transport before the join, the room after).
 */
export function limitFrames(socket: WebSocket, budget: FrameBudget): void {
  const limiter = new RateLimiter(budget.limits, performance.now());
  let closing = false;
  const emit = socket.emit;
  socket.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "message") return emit.call(this, event, ...args);
    if (closing) return false;
    const decision = limiter.take(performance.now());
    if (decision === "accept") return emit.call(this, event, ...args);
    budget.refused();
    if (decision === "disconnect") {
      closing = true;
      socket.close(CloseCodes.RATE_LIMITED, "rate limited: too many frames");
      const cutOff = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      socket.once("close", () => clearTimeout(cutOff));
    }
    return false;
  } as WebSocket["emit"];
}

/** The WebSocket transport with every connection's frames counted against `budget`. */
export class FrameBudgetTransport extends WebSocketTransport {
  constructor(options: ConstructorParameters<typeof WebSocketTransport>[0], budget: FrameBudget) {
    super(options);
    this.wss.prependListener("connection", (socket: WebSocket) => limitFrames(socket, budget));
  }
}
