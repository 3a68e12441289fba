import type { AuthContext } from "@colyseus/core";

/**
 * The address a join comes from, for per-address limits. Colyseus reads it from X-Real-IP /
 * X-Forwarded-For before the socket's peer address, so it is only as trustworthy as the proxy in front.
 */
export function joinAddress(context: AuthContext): string {
  return context.ip ?? "unknown";
}
