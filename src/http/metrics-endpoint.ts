import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { bearerToken } from "../auth/middleware.ts";
import type { PromMetrics } from "./metrics.ts";

/**
 * GET /metrics in Prometheus' text format. Public unless `token` is set (METRICS_TOKEN); then only a
 * scraper sending `Authorization: Bearer <token>` reads it, so a server reached directly from the
 * internet does not tell everyone its load, its players per world and its LLM spend.
 */
export function metricsEndpoint(metrics: PromMetrics, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : Buffer.from(token);
  return async (request, response) => {
    if (expected && !matches(bearerToken(request.get("authorization")), expected)) {
      response
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="metrics"')
        .json({ error: "unauthenticated", message: "/metrics needs `Authorization: Bearer <METRICS_TOKEN>` on this server; configure your scraper with it (Prometheus: authorization.credentials)" });
      return;
    }
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

function matches(sent: string | undefined, expected: Buffer): boolean {
  if (sent === undefined) return false;
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
