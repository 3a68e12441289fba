import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { RateLimiter } from "../shared-kernel/rate-limiter.ts";
import { clientAddress, type TrustProxy } from "./client-address.ts";

export interface ConnectionThrottleOptions {
  /** Sustained join attempts (matchmaking requests and WebSocket upgrades) per second per address. */
  perSecond: number;
  burst: number;
  /** Behind trusted proxies the address counted is the client's they forward, not the proxy's. */
  trustProxy: TrustProxy;
}

// Addresses unseen this long are forgotten, so the table does not grow with every address ever seen.
const FORGET_AFTER_MS = 60_000;

/**
 * Per-address throttle on what opens a connection: matchmaking requests (`/matchmake/...`) and
 * WebSocket upgrades. Over the limit a request gets `429` with `Retry-After`, an upgrade is refused
 * the same way; health checks, metrics and the rest of the HTTP API pass untouched. It wraps the
 * HTTP server's listeners, because Colyseus answers matchmaking before any express middleware runs.
 */
export function throttleConnections(server: Server, options: ConnectionThrottleOptions, refused: (kind: "matchmake" | "upgrade") => void): void {
  const limiters = new Map<string, { limiter: RateLimiter; seenAt: number }>();
  let sweptAt = performance.now();
  /**
   * Counts the attempt against its address and writes that address to X-Real-IP, which Colyseus reads
   * first for an auth context's `ip`: per-address limits in rooms (guest joins) then see the client as
   * TRUST_PROXY resolves it, never an X-Real-IP or X-Forwarded-For the client made up.
   */
  const admit = (request: IncomingMessage): boolean => {
    const now = performance.now();
    if (now - sweptAt > FORGET_AFTER_MS) {
      for (const [address, entry] of limiters) if (now - entry.seenAt > FORGET_AFTER_MS) limiters.delete(address);
      sweptAt = now;
    }
    const address = clientAddress(request, options.trustProxy);
    request.headers["x-real-ip"] = address;
    let entry = limiters.get(address);
    if (!entry) {
      entry = { limiter: new RateLimiter({ perSecond: options.perSecond, burst: options.burst, disconnectAfterRefused: Number.MAX_SAFE_INTEGER }, now), seenAt: now };
      limiters.set(address, entry);
    }
    entry.seenAt = now;
    return entry.limiter.take(now) === "accept";
  };
  const retryAfter = String(Math.max(1, Math.ceil(1 / options.perSecond)));

  const requestListeners = server.listeners("request") as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (request.url?.startsWith("/matchmake/") && request.method !== "OPTIONS" && !admit(request)) {
      refused("matchmake");
      response.writeHead(429, { "content-type": "application/json", "retry-after": retryAfter });
      response.end(JSON.stringify({ error: "throttled", message: `too many join attempts from your address; at most ${options.perSecond} per second, retry after ${retryAfter} s` }));
      return;
    }
    for (const listener of requestListeners) listener.call(server, request, response);
  });

  const upgradeListeners = server.listeners("upgrade") as ((request: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  server.removeAllListeners("upgrade");
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!admit(request)) {
      refused("upgrade");
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retryAfter}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    for (const listener of upgradeListeners) listener.call(server, request, socket, head);
  });
}
