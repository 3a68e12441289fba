import express, { type NextFunction, type Request, type Response } from "express";
import type pg from "pg";
import { z } from "zod";
import {
  findAgentIdentity,
  findCurrentPlan,
  listMemories,
  listReflections,
  listRelationships,
  type Audience,
} from "../../db/repositories/agent-inspection-repository.ts";
import { MAX_RECALL_K, DEFAULT_RECALL_K, recallMemories, RecallError } from "../../agents/memory/recall.ts";
import { agentLlmUsage, recentAgentLlmCalls, worldLlmUsage } from "../../db/repositories/llm-usage-repository.ts";
import { findWorld, listWorldIds } from "../../db/repositories/world-repository.ts";
import { authenticate } from "../auth/middleware.ts";
import { AuthError } from "../auth/errors.ts";
import { sendAuthError } from "../auth/http-errors.ts";
import type { TokenClaims, TokenService } from "../auth/tokens.ts";
import { AgentId, WorldId } from "../content/identifiers.ts";
import type { EmbeddingProvider } from "../llm/task.ts";
import { sendUnhandledError, type ErrorLog } from "./unhandled-error.ts";
import { TICK_BUCKETS_SECONDS, type PromMetrics } from "./metrics.ts";
import { validRouteParam } from "./route-params.ts";
import { connectedClients, tickP99Seconds } from "./metric-readings.ts";

export interface InspectorApiDependencies {
  pool: pg.Pool;
  tokens: TokenService;
  metrics: PromMetrics;
  /** Without guests (production) the API needs a token of any role, as joining does. */
  requireAccount: boolean;
  /** Embeds recall questions; the agents' own embedder, so that the recall route ranks as they do. */
  embedder: EmbeddingProvider;
  log?: ErrorLog;
}

const Limit = z.coerce.number().int().min(1).max(100).default(12);
const AgentQuery = z.object({ memories: Limit, reflections: Limit, calls: Limit });
const RecallQuery = z.object({
  q: z.string().trim().min(1).max(500),
  k: z.coerce.number().int().min(1).max(MAX_RECALL_K).default(DEFAULT_RECALL_K),
});

/**
 * Read-only API for the world inspector. Everyone who may join may read worlds and agents (their minds
 * are the point of the tool); what players said or did (docs/inspector.md) and per-call LLM rows, whose
 * errors quote provider answers, are for admins.
 */
export function inspectorApiRouter(deps: InspectorApiDependencies): express.Router {
  const router = express.Router();
  router.use("/api", viewer(deps));
  router.param("worldId", validRouteParam(WorldId, "world id"));
  router.param("agentId", validRouteParam(AgentId, "agent id"));

  router.get("/api/worlds", async (_request, response) => {
    response.json({ worlds: await listWorldIds(deps.pool) });
  });

  router.get("/api/worlds/:worldId", async (request: Request<{ worldId: string }>, response) => {
    const world = await findWorld(deps.pool, request.params.worldId);
    if (!world) return unknownWorld(response, request.params.worldId);
    const { definition } = world;
    response.json({
      id: world.id,
      name: world.name,
      map: definition.map,
      locations: definition.locations,
      spawn: definition.spawn,
      clock: { gameTime: world.gameTime, speed: world.clockSpeed },
      conversations: { talkRange: definition.conversations.talkRange, hearingRange: definition.conversations.hearingRange },
    });
  });

  router.get("/api/worlds/:worldId/summary", async (request: Request<{ worldId: string }>, response) => {
    const world = await findWorld(deps.pool, request.params.worldId);
    if (!world) return unknownWorld(response, request.params.worldId);
    const llm = await worldLlmUsage(deps.pool, world.id, world.gameTime);
    response.json({
      world: world.id,
      clock: { gameTime: world.gameTime, speed: world.clockSpeed },
      llm: { callsPerMinute: llm.lastMinute.calls, lastGameHour: llm.lastGameHour, total: llm.total, costPerGameHourUsd: llm.lastGameHour.costUsd },
      ...tickP99(await tickP99Seconds(deps.metrics, world.id)),
      clients: await connectedClients(deps.metrics, world.id),
      viewer: viewerOf(response),
    });
  });

  router.get("/api/worlds/:worldId/agents/:agentId", async (request: Request<{ worldId: string; agentId: string }>, response) => {
    const query = AgentQuery.safeParse(request.query);
    if (!query.success) {
      return response.status(400).json({ error: "invalid_request", message: "memories, reflections and calls must be whole numbers from 1 to 100" });
    }
    const { worldId, agentId } = request.params;
    const identity = await findAgentIdentity(deps.pool, worldId, agentId);
    if (!identity) {
      return response.status(404).json({ error: "unknown_agent", message: `no agent "${agentId}" in world "${worldId}"; the world's agents are in its room state` });
    }
    // The role is the account's current one (the token service checks it on use).
    const admin = viewerOf(response).role === "admin";
    const audience: Audience = admin ? "admin" : "everyone";
    const [plan, relationships, memories, reflections, usage, calls] = await Promise.all([
      findCurrentPlan(deps.pool, agentId),
      listRelationships(deps.pool, agentId, audience),
      listMemories(deps.pool, agentId, query.data.memories, audience),
      listReflections(deps.pool, agentId, query.data.reflections, audience),
      agentLlmUsage(deps.pool, agentId),
      admin ? recentAgentLlmCalls(deps.pool, agentId, query.data.calls) : Promise.resolve(undefined),
    ]);
    const playerData = admin ? "shown" : "hidden";
    response.json({ agent: identity, plan, relationships, memories, reflections, playerData, llm: { ...usage, ...(calls ? { recentCalls: calls } : {}) } });
  });

  // Admins only: memories hold what players said, and a designer's question is not a player's business.
  router.get("/api/worlds/:worldId/agents/:agentId/recall", async (request: Request<{ worldId: string; agentId: string }>, response) => {
    if (viewerOf(response).role !== "admin") {
      return response.status(403).json({ error: "forbidden", message: "asking an agent's memory is for admins; log in with an admin account" });
    }
    const query = RecallQuery.safeParse(request.query);
    if (!query.success) {
      return response.status(400).json({ error: "invalid_request", message: `q must be a question of 1-500 characters and k a whole number from 1 to ${MAX_RECALL_K}, e.g. ?q=harvest%20festival&k=10` });
    }
    const { worldId, agentId } = request.params;
    try {
      response.json(await recallMemories(deps.pool, deps.embedder, { worldId, agentId, query: query.data.q, k: query.data.k }));
    } catch (error) {
      if (!(error instanceof RecallError)) throw error;
      response.status(404).json({ error: error.code, message: error.message });
    }
  });

  router.use("/api", (_request: Request, response: Response) => {
    response.status(404).json({ error: "not_found", message: "no such inspector API route; see docs/inspector.md" });
  });
  router.use("/api", (error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    sendUnhandledError(deps.log, error, request, response);
  });
  return router;
}

/** A token is optional unless accounts are required; a token that is sent must be valid. */
function viewer(deps: InspectorApiDependencies) {
  return async (request: Request, response: Response, next: NextFunction) => {
    const header = request.get("authorization");
    if (!header && !deps.requireAccount) return next();
    try {
      response.locals.user = await authenticate(deps.tokens, header);
      next();
    } catch (error) {
      if (error instanceof AuthError) return sendAuthError(response, error);
      next(error);
    }
  };
}

function viewerOf(response: Response): { role: "anonymous" | TokenClaims["role"]; username: string | null } {
  const user = response.locals.user as TokenClaims | undefined;
  return user ? { role: user.role, username: user.username } : { role: "anonymous", username: null };
}

function unknownWorld(response: Response, worldId: string) {
  response.status(404).json({ error: "unknown_world", message: `no world "${worldId}"; GET /api/worlds lists them` });
}

const LAST_TICK_BUCKET_MS = TICK_BUCKETS_SECONDS.at(-1)! * 1000;

/** JSON has no Infinity: a p99 past the last bucket is said as "above" that bucket's bound. */
function tickP99(seconds: number | null): { tickP99Ms: number | null; tickP99AboveMs?: number } {
  return seconds === Infinity ? { tickP99Ms: null, tickP99AboveMs: LAST_TICK_BUCKET_MS } : { tickP99Ms: toMs(seconds) };
}

function toMs(seconds: number | null): number | null {
  if (seconds === null) return null;
  return Number.isFinite(seconds) ? Math.round(seconds * 1000 * 10) / 10 : null;
}
