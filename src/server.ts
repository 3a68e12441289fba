import "./websocket-polyfill.ts";
import type { AddressInfo } from "node:net";
import { matchMaker, Server } from "@colyseus/core";
import { monitor } from "@colyseus/monitor";
import type express from "express";
import { openDatabase, type Database } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import type { LiveStateWriter } from "../db/write-behind.ts";
import { PRIORITY } from "../agents/job-scheduler.ts";
import { ModelCallScheduler } from "../agents/model-call-scheduler.ts";
import { cognitiveTasks } from "../agents/task-registry.ts";
import { GuestJoinLimit } from "../rooms/guest-join-limit.ts";
import { WORLD_ROOM, worldRoomWith } from "../rooms/world-room.ts";
import { authLimitsFrom } from "./auth/auth-limits.ts";
import { checkingAccounts } from "./auth/account-check.ts";
import { authRouter } from "./auth/routes.ts";
import { createTokenService } from "./auth/tokens.ts";
import type { Config } from "./config.ts";
import { seedMissingWorlds } from "./content/seed-worlds.ts";
import { startGuestExpiry } from "./guests/guest-expiry.ts";
import { adminRouter } from "./http/admin.ts";
import { databaseOperations } from "./control/admin-operations.ts";
import { openControlChannel } from "./control/control-server.ts";
import { createProviders } from "./llm/create-providers.ts";
import { compileTrustProxy } from "./http/client-address.ts";
import { throttleConnections } from "./http/connection-throttle.ts";
import { healthHandler } from "./http/health.ts";
import { inspectorApiRouter } from "./http/inspector-api.ts";
import { inspectorPageRouter } from "./http/inspector-page.ts";
import { refuseForeignOrigins } from "./http/origins.ts";
import { noSniff } from "./http/security-headers.ts";
import { createMetrics, registerPoolMetrics, type PromMetrics } from "./http/metrics.ts";
import { metricsEndpoint } from "./http/metrics-endpoint.ts";
import type { Logger } from "./log.ts";
import { connectLlmQueue, type LlmQueue } from "./scale/llm-queue.ts";
import { redisWorldOwnership } from "./scale/redis-world-ownership.ts";
import { inProcessWorldOwnership } from "./scale/world-ownership.ts";
import { joinOrCreateWaitsForTheWorldsRoom } from "../rooms/one-room-per-world.ts";
import { keepWorldsOpen } from "../rooms/keep-worlds-open.ts";
import { listWorldIds } from "../db/repositories/world-repository.ts";
import { underAdvisoryLock } from "../db/advisory-lock.ts";
import { FrameBudgetTransport } from "../rooms/frame-budget.ts";
import { matchmakingOptions } from "../rooms/matchmaking.ts";
import { grantCorsTo } from "../rooms/matchmaking-cors.ts";
import { colyseusWorldAdmin } from "../rooms/colyseus-world-admin.ts";

// Processes sharing a database seed worlds one at a time, so none loads a world another is loading.
const SEED_LOCK_KEY = 727_002;

export interface GameServer {
  server: Server;
  db: Database;
  metrics: PromMetrics;
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Stops accepting players, disposes rooms (each flushes its state) and closes the database. */
  shutdown(): Promise<void>;
}

/** Boots everything a game server needs: database, migrations, seed worlds, rooms and HTTP routes. */
export async function startGameServer(config: Config, log: Logger): Promise<GameServer> {
  const providers = createProviders(config, { logger: log });
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolMax: config.DB_POOL_MAX });
  try {
    const { applied } = await migrate(db.pool, undefined, (line) => log.info({ migration: line }, "migration applied"));
    log.info({ database: db.kind, applied: applied.length }, "database ready");
    if (config.SEED_WORLDS) {
      const seed = () => seedMissingWorlds(db.pool, config.worldsDir, config.CONTENT_MAX_FILE_BYTES, providers.embedder);
      // The embedded database has one client and one process: nobody to wait for (nor a second client for the lock).
      for (const report of await (db.kind === "postgres" && config.DB_POOL_MAX > 1 ? underAdvisoryLock(db.pool, SEED_LOCK_KEY, seed) : seed())) {
        log.info({ world: report.worldId, agents: report.agents, warnings: report.issues.length, embeddings: report.embeddings }, "world seeded from files");
      }
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  if (config.authSecretIsEphemeral) log.warn("AUTH_SECRET is not set: tokens are signed with a random secret and stop working when the server restarts");

  const metrics = createMetrics();
  registerPoolMetrics(metrics, db.pool);
  const tokens = checkingAccounts(createTokenService({ secret: config.AUTH_SECRET, ttlSeconds: config.AUTH_TOKEN_TTL_SECONDS }), db.pool, {
    cacheMs: config.ACCOUNT_CHECK_CACHE_MS,
  });
  const guestTokens = createTokenService({ secret: config.AUTH_SECRET, ttlSeconds: 365 * 86_400, issuer: "living-world-guest" });
  const writers = new Set<LiveStateWriter>();
  log.info({ mind: providers.label }, providers.mode === "offline" ? "agents think with the offline rule-based mind (no OPENAI_API_KEY): zero cost, not a language model" : "agents think with a language model");
  let queue: LlmQueue | undefined;
  if (config.LLM_QUEUE) {
    try {
      queue = await connectLlmQueue({
        redisUrl: config.REDIS_URL!,
        queueName: config.LLM_QUEUE_NAME,
        timeoutMs: config.LLM_QUEUE_TIMEOUT_MS,
        tasks: cognitiveTasks,
        local: providers.llm,
        priority: (purpose) => PRIORITY[purpose],
      });
    } catch (error) {
      await db.close();
      throw error;
    }
    log.info({ queue: config.LLM_QUEUE_NAME }, "agents think in LLM workers (npm run worker) over Redis; spoken replies stream from this process");
  }

  const ownership = config.REDIS_URL ? redisWorldOwnership(config.REDIS_URL, config.WORLD_OWNER_TTL_MS, log) : inProcessWorldOwnership();
  joinOrCreateWaitsForTheWorldsRoom(config.WORLD_OWNER_TTL_MS);
  const framesRefused = metrics.messagesRejected.labels({ reason: "too_many_frames" });
  const transport = new FrameBudgetTransport(
    { maxPayload: config.MAX_MESSAGE_BYTES },
    { limits: { perSecond: config.FRAME_RATE_LIMIT_PER_SECOND, burst: config.FRAME_RATE_LIMIT_BURST, disconnectAfterRefused: config.RATE_LIMIT_DISCONNECT_AFTER }, refused: () => framesRefused.inc() },
  );
  grantCorsTo(config.CORS_ORIGINS);
  const worldAdmin = colyseusWorldAdmin(WORLD_ROOM);
  const server = new Server({
    transport,
    ...matchmakingOptions(config.REDIS_URL, config.PUBLIC_ADDRESS),
    greet: false,
    // main.ts owns signals so it can flush and close the database in order.
    gracefullyShutdown: false,
    express: (app) => {
      app.set("trust proxy", config.TRUST_PROXY);
      app.use(noSniff, refuseForeignOrigins(config.CORS_ORIGINS));
      app.get(
        "/health",
        healthHandler({
          pool: db.pool,
          database: db.kind,
          llm: config.llmKind,
          countRooms: () => matchMaker.stats.local.roomCount,
          log,
          persistence: () => {
            const all = [...writers];
            return { pending: all.reduce((sum, writer) => sum + writer.pending, 0), failure: all.find((writer) => writer.failure)?.failure };
          },
        }),
      );
      app.get("/metrics", metricsEndpoint(metrics, config.METRICS_TOKEN));
      app.use(authRouter({ pool: db.pool, tokens, log, limits: authLimitsFrom(config) }));
      app.use(adminRouter({ pool: db.pool, tokens, worldsDir: config.worldsDir, worlds: worldAdmin, monitor: monitor() as unknown as express.RequestHandler, contentMaxFileBytes: config.CONTENT_MAX_FILE_BYTES, embedder: providers.embedder, log }));
      app.use(inspectorApiRouter({ pool: db.pool, tokens, metrics, requireAccount: !config.ALLOW_GUESTS, embedder: providers.embedder, log }));
      app.use(inspectorPageRouter());
    },
  });
  const worldHandler = server
    .define(
      WORLD_ROOM,
      worldRoomWith({
        pool: db.pool,
        defaultWorldId: config.DEFAULT_WORLD,
        log,
        metrics,
        tokens,
        guestTokens,
        allowGuests: config.ALLOW_GUESTS,
        guestJoins: new GuestJoinLimit(config.GUEST_JOINS_PER_HOUR, Date.now()),
        flushIntervalMs: config.FLUSH_INTERVAL_MS,
        interestRadius: config.INTEREST_RADIUS,
        rateLimit: { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST, disconnectAfterRefused: config.RATE_LIMIT_DISCONNECT_AFTER },
        writers,
        ownership,
        engine: {
          llm: queue?.llm ?? providers.llm,
          embedder: providers.embedder,
          embeddingIsModelCall: providers.mode === "openai",
          // One scheduler for every world: LLM_CONCURRENCY bounds the model calls in flight across the whole process.
          calls: new ModelCallScheduler({ concurrency: config.LLM_CONCURRENCY }),
          tokensPerAgentPerGameHour: config.LLM_TOKENS_PER_AGENT_HOUR,
          replyBudget: { perRealMinute: config.PLAYER_REPLIES_PER_MINUTE, perGameHour: config.PLAYER_REPLIES_PER_GAME_HOUR },
          reflectionThreshold: config.REFLECTION_THRESHOLD,
        },
      }),
    )
    .filterBy(["world"]);
  // Matchmaking filters on the options the client sent; without this a join that omits `world` and
  // one that names the default world would open two rooms (two writers) for the same world.
  const filterOptions = worldHandler.getFilterOptions.bind(worldHandler);
  worldHandler.getFilterOptions = (options) => filterOptions({ world: config.DEFAULT_WORLD, ...options });
  await server.listen(config.PORT, config.HOST);
  // Every world runs from boot, players or not; a world another process holds is left to it, and looked at
  // again every claim expiry in case that process died.
  const worldKeeper = keepWorldsOpen({ roomName: WORLD_ROOM, worlds: () => listWorldIds(db.pool), claimed: (world) => ownership.isClaimed(world), everyMs: config.WORLD_OWNER_TTL_MS, log });
  await worldKeeper.openMissing();
  const guestExpiry = startGuestExpiry({ pool: db.pool, expiryHours: config.GUEST_EXPIRY_HOURS, log });
  throttleConnections(transport.server!, { perSecond: config.CONNECT_RATE_PER_SECOND, burst: config.CONNECT_RATE_BURST, trustProxy: compileTrustProxy(config.TRUST_PROXY) }, (kind) => metrics.messagesRejected.inc({ reason: `throttled_${kind}` }));
  const port = (transport.server!.address() as AddressInfo).port;
  // The embedded database admits one process: the admin CLIs reach it through this one while it runs.
  const adminOperations = databaseOperations(db.pool, {
    embedder: () => providers.embedder,
    afterLoad: async (report) => void (await worldAdmin.reloadAgents(report.worldId)),
  });
  const control = db.kind === "embedded" && !config.dataDir.startsWith("memory://") ? await openControlChannel(config.dataDir, adminOperations, log) : undefined;
  log.info(
    { port, database: db.kind, llm: config.llmKind, guests: config.ALLOW_GUESTS, ...(config.REDIS_URL ? { matchmaking: "redis", publicAddress: config.PUBLIC_ADDRESS } : {}) },
    `Living World listening on ws://localhost:${port}`,
  );

  let stopping: Promise<void> | undefined;
  return {
    server,
    db,
    metrics,
    port,
    shutdown() {
      stopping ??= (async () => {
        await control?.close();
        await worldKeeper.stop();
        await server.gracefullyShutdown(false);
        guestExpiry.stop();
        await ownership.close();
        await queue?.close();
        await db.close();
      })();
      return stopping;
    },
  };
}
