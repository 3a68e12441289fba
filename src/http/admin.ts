import express, { type NextFunction, type Request, type Response } from "express";
import type pg from "pg";
import { z } from "zod";
import { recordAudit } from "../../db/repositories/audit-repository.ts";
import { findWorld, listWorldIds, setWorldClock } from "../../db/repositories/world-repository.ts";
import type { WorldAdmin } from "../../rooms/world-admin.ts";
import { authenticatedUser, requireRole } from "../auth/middleware.ts";
import type { TokenService } from "../auth/tokens.ts";
import { ContentError } from "../content/content-issue.ts";
import { ClockTime, clockTimeToMinutes, WorldId } from "../content/identifiers.ts";
import { loadContent } from "../content/load-content.ts";
import type { EmbeddingProvider } from "../llm/task.ts";
import { dayOf, gameTimeOf } from "../shared-kernel/game-time.ts";
import { fromOwnOrigin } from "./origins.ts";
import { sendUnhandledError, type ErrorLog } from "./unhandled-error.ts";
import { validRouteParam } from "./route-params.ts";

export interface AdminDependencies {
  pool: pg.Pool;
  tokens: TokenService;
  worldsDir: string;
  /** The live world rooms, for the clock and agent reloads. */
  worlds: WorldAdmin;
  /** The Colyseus monitor's pages, served under /admin/monitor. */
  monitor: express.RequestHandler;
  /** Largest designer file a reload reads (CONTENT_MAX_FILE_BYTES). */
  contentMaxFileBytes?: number;
  /** Embeds reloaded designer memories (the game's configured embedder). */
  embedder?: EmbeddingProvider;
  log?: ErrorLog;
}

const ClockBody = z
  .strictObject({
    gameTime: z.int().min(0).optional().describe("Game seconds since day 1, 00:00"),
    day: z.int().min(1).optional(),
    time: ClockTime.optional().describe("H:MM on `day` (default: the current day)"),
    speed: z.number().min(0).max(3600).optional().describe("Game seconds per real second; 0 pauses"),
  })
  .refine((body) => Object.keys(body).length > 0, "send at least one of gameTime, day, time, speed")
  .refine((body) => body.gameTime === undefined || (body.day === undefined && body.time === undefined), "send either gameTime or day/time, not both");

// Browsers cannot add an Authorization header to a page load, so the monitor also accepts
// ?access_token= once and keeps it in an HttpOnly cookie scoped to the monitor alone: the admin JSON
// API takes only the Authorization header, which no other site's page can make a browser send.
const MONITOR_PATH = "/admin/monitor";
const MONITOR_COOKIE = "lw_admin_token";
const MONITOR_COOKIE_VALUE = /(?:^|;\s*)lw_admin_token=([^;]+)/;

/** Admin HTTP API: time control and agent reload per world, and the Colyseus monitor; admin role only. */
export function adminRouter(deps: AdminDependencies): express.Router {
  const router = express.Router();
  const adminOnly = requireRole(deps.tokens, "admin");
  router.use(MONITOR_PATH, monitorTokenFromQueryOrCookie);
  router.use("/admin", adminOnly, express.json({ limit: "16kb" }));
  // A world id also names a folder under WORLDS_DIR: one outside the id pattern (`..%2F`) is refused here.
  router.param("worldId", validRouteParam(WorldId, "world id"));

  router.get("/admin/worlds", async (_request, response) => {
    const ids = await listWorldIds(deps.pool);
    const rooms = await deps.worlds.liveRooms();
    response.json({ worlds: ids.map((id) => ({ id, roomId: rooms.get(id) ?? null })) });
  });

  router.post("/admin/worlds/:worldId/clock", async (request: Request<{ worldId: string }>, response) => {
    const parsed = ClockBody.safeParse(request.body ?? {});
    if (!parsed.success) return invalid(response, parsed.error);
    const world = await findWorld(deps.pool, request.params.worldId);
    if (!world) return notFound(response, request.params.worldId);
    const body = parsed.data;
    const currentDay = dayOf(world.gameTime);
    const gameTime =
      body.gameTime ?? (body.day !== undefined || body.time !== undefined ? gameTimeOf(body.day ?? currentDay, clockTimeToMinutes(body.time ?? "00:00")) : undefined);
    const change = { gameTime, speed: body.speed };
    const liveClock = await deps.worlds.setClock(world.id, change);
    const result = liveClock ?? (await setWorldClock(deps.pool, world.id, change));
    await recordAudit(deps.pool, { actor: actor(response), action: "world.clock", tableName: "worlds", operation: "UPDATE", targetId: world.id, newValues: change });
    response.json({ world: world.id, live: liveClock !== undefined, ...result });
  });

  router.post("/admin/worlds/:worldId/agents/reload", async (request: Request<{ worldId: string }>, response) => {
    const worldId = request.params.worldId;
    try {
      const report = await loadContent(deps.pool, {
        paths: [`${deps.worldsDir}/${worldId}`],
        worldId,
        worldsDir: deps.worldsDir,
        defaultWorldId: worldId,
        maxFileBytes: deps.contentMaxFileBytes,
        actor: `admin:${actor(response)}`,
        embedder: deps.embedder,
      });
      const live = await deps.worlds.reloadAgents(worldId);
      response.json({ world: worldId, live, agents: report.agents, embeddings: report.embeddings, warnings: report.issues.map((issue) => `${issue.file}: ${issue.path}: ${issue.message}`) });
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      response.status(422).json({ error: "invalid_content", message: "designer files have errors; nothing was loaded", issues: error.issues });
    }
  });

  router.use(MONITOR_PATH, deps.monitor);
  router.use("/admin", (error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    if ((error as { type?: string }).type === "entity.parse.failed") return response.status(400).json({ error: "invalid_json", message: "request body is not valid JSON" });
    sendUnhandledError(deps.log, error, request, response);
  });
  return router;
}

function monitorTokenFromQueryOrCookie(request: Request, response: Response, next: NextFunction) {
  const fromQuery = typeof request.query.access_token === "string" ? request.query.access_token : undefined;
  if (fromQuery) response.cookie(MONITOR_COOKIE, fromQuery, { httpOnly: true, sameSite: "strict", secure: request.secure, path: MONITOR_PATH });
  // SameSite lets another port of this host send the cookie; only the monitor's own pages may use it.
  const fromCookie = fromOwnOrigin(request) ? MONITOR_COOKIE_VALUE.exec(request.headers.cookie ?? "")?.[1] : undefined;
  const token = fromQuery ?? fromCookie;
  if (!request.headers.authorization && token) request.headers.authorization = `Bearer ${decodeURIComponent(token)}`;
  next();
}

function actor(response: Response): string {
  return authenticatedUser(response).username;
}

function invalid(response: Response, error: z.ZodError) {
  response.status(400).json({ error: "invalid_request", details: error.issues.map((issue) => ({ path: issue.path.join(".") || "body", message: issue.message })) });
}

function notFound(response: Response, worldId: string) {
  response.status(404).json({ error: "unknown_world", message: `no world "${worldId}"; GET /admin/worlds lists them` });
}
