import type { Request, RequestHandler } from "express";
import { z } from "zod";

/** CORS_ORIGINS: comma-separated origins (scheme://host[:port]) whose pages may call this server from a browser. */
export const CorsOriginsFromEnv = z.string().transform((text, context) => {
  const origins: string[] = [];
  for (const entry of text.split(",").map((part) => part.trim()).filter((part) => part !== "")) {
    const origin = URL.canParse(entry) ? new URL(entry).origin : "null";
    if (origin === "null" || !/^https?:/.test(origin) || entry.replace(/\/$/, "") !== origin) {
      context.addIssue({ code: "custom", message: `"${entry}" is not an origin; write scheme://host[:port] with no path, e.g. https://game.example.com` });
      return z.NEVER;
    }
    origins.push(origin);
  }
  return origins;
});

/**
 * Whether a browser sent `request` from one of this server's own pages. Fetch metadata
 * (Sec-Fetch-Site) cannot be forged by a page; browsers without it are judged by Origin. A request
 * with neither (curl, a game client, another server) carries no browser's ambient credentials.
 */
export function fromOwnOrigin(request: Request): boolean {
  const site = request.get("sec-fetch-site");
  if (site !== undefined) return site === "same-origin" || site === "none";
  const origin = request.get("origin");
  return origin === undefined || origin === ownOrigin(request);
}

/**
 * 403 for a state-changing request a browser sent from a page of another origin not in `allowed`
 * (cross-site request forgery, including from another port of the same host, which SameSite cookies
 * let through). Reads pass: CORS decides whether the page may see the answer.
 */
export function refuseForeignOrigins(allowed: readonly string[]): RequestHandler {
  const origins = new Set(allowed);
  return (request, response, next) => {
    if (SAFE_METHODS.has(request.method) || fromOwnOrigin(request)) return next();
    const origin = request.get("origin");
    if (origin !== undefined && origins.has(origin)) return next();
    response.status(403).json({
      error: "foreign_origin",
      message: `${request.method} ${request.path} was sent by a page from ${origin ?? "another site"}, which may not change anything on this server; an operator can allow an origin with CORS_ORIGINS`,
    });
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function ownOrigin(request: Request): string {
  return `${request.protocol}://${request.host}`;
}
