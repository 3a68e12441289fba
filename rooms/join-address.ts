import type { AuthContext } from "@colyseus/core";

/**
 * The address a join comes from, for per-address limits. Colyseus reads it from X-Real-IP first, which
 * the connection throttle (src/http/connection-throttle.ts) overwrites on every matchmaking request and
 * WebSocket upgrade with the client address as TRUST_PROXY resolves it, so a client cannot choose it.
 */
export function joinAddress(context: AuthContext): string {
  return context.ip ?? "unknown";
}
