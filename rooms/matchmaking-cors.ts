import { matchMaker } from "@colyseus/core";

// What Colyseus grants by default, minus the origin: that is ours to decide.
const CORS_GRANT = {
  "Access-Control-Allow-Headers": "Origin, X-Requested-With, Content-Type, Accept, Authorization",
  "Access-Control-Allow-Methods": "GET,HEAD,PUT,PATCH,POST,DELETE",
  "Access-Control-Allow-Credentials": "true",
  "Access-Control-Max-Age": "2592000",
};

/**
 * Grants CORS only to `allowed` origins, on every HTTP route: Colyseus answers preflights and adds its
 * CORS headers to every response (matchmaking and express alike), by default reflecting any origin
 * with credentials. Its controller is one per process, as is the game server.
 */
export function grantCorsTo(allowed: readonly string[]): void {
  const origins = new Set(allowed);
  // Colyseus spreads these under getCorsHeaders' answer; its default would grant "*" to everyone else.
  matchMaker.controller.DEFAULT_CORS_HEADERS = {} as typeof matchMaker.controller.DEFAULT_CORS_HEADERS;
  matchMaker.controller.getCorsHeaders = (headers) => {
    const origin = headers.get("origin");
    return origin !== null && origins.has(origin) ? { ...CORS_GRANT, "Access-Control-Allow-Origin": origin, Vary: "Origin" } : { Vary: "Origin" };
  };
}
