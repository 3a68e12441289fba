import type { IncomingMessage } from "node:http";
import express from "express";
import { z } from "zod";

/** Express's "trust proxy" setting: off/on, a hop count, or addresses, subnets and the names loopback, linklocal, uniquelocal. */
export type TrustProxySetting = boolean | number | string;

/** Whether the hop at `address`, `hop` steps from this server, is a proxy whose X-Forwarded-For is believed. */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Compiled by Express itself, so it means exactly what `app.set("trust proxy", setting)` means. */
export function compileTrustProxy(setting: TrustProxySetting): TrustProxy {
  return express().set("trust proxy", setting).get("trust proxy fn") as TrustProxy;
}

/** TRUST_PROXY from the environment: "true"/"false", a hop count, or a comma-separated list Express accepts. */
export const TrustProxyFromEnv = z.string().transform((text, context): TrustProxySetting => {
  const value = text.trim();
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  if (/^\d+$/.test(value)) return Number(value);
  try {
    compileTrustProxy(value);
  } catch (error) {
    context.addIssue({
      code: "custom",
      message: `${(error as Error).message}; use true/false, a hop count, or comma-separated addresses and subnets (e.g. "loopback, 10.0.0.0/8")`,
    });
    return z.NEVER;
  }
  return value;
});

/**
 * The address of the client that sent `request`, as Express's `req.ip` computes it: the socket's peer,
 * or, while that peer is a trusted proxy, the next address leftwards in X-Forwarded-For. Works on raw
 * Node requests too (matchmaking, WebSocket upgrades, a Colyseus auth context's `req`).
 */
export function clientAddress(request: Pick<IncomingMessage, "headers" | "socket">, trust: TrustProxy): string {
  const forwarded = String(request.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter((hop) => hop !== "")
    .reverse();
  let address = request.socket.remoteAddress ?? "unknown";
  for (const [hop, next] of forwarded.entries()) {
    if (!trust(address, hop)) break;
    address = next;
  }
  return address;
}
