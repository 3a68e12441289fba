import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { AUTH_LIMIT_DEFAULTS } from "./auth/auth-limits.ts";
import { TrustProxyFromEnv } from "./http/client-address.ts";
import { CorsOriginsFromEnv } from "./http/origins.ts";
import { DEFAULT_MAX_FILE_BYTES } from "./content/read-json-file.ts";
import { OFFLINE_EMBEDDER_NAMES } from "./llm/offline-embedder.ts";
import { LOG_FORMATS } from "./log.ts";

const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(2567),
  HOST: z.string().min(1).default("0.0.0.0"),
  TRUST_PROXY: TrustProxyFromEnv.default(false),
  CORS_ORIGINS: CorsOriginsFromEnv.default([]),
  LOGIN_FAILURES_PER_USERNAME: z.coerce.number().int().min(1).max(10_000).default(AUTH_LIMIT_DEFAULTS.failuresPerUsername),
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(AUTH_LIMIT_DEFAULTS.failuresPerAddress),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(AUTH_LIMIT_DEFAULTS.failureWindowSeconds),
  REGISTER_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(AUTH_LIMIT_DEFAULTS.registrationsPerHour),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Unset: readable lines at a terminal in development, JSON otherwise (src/log.ts). */
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().url().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  WORLDS_DIR: z.string().min(1).default("./worlds"),
  CONTENT_MAX_FILE_BYTES: z.coerce.number().int().min(1_024).max(1_073_741_824).default(DEFAULT_MAX_FILE_BYTES),
  DEFAULT_WORLD: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default("heartwood"),
  SEED_WORLDS: booleanFromEnv.default(true),
  ALLOW_GUESTS: booleanFromEnv.optional(),
  GUEST_EXPIRY_HOURS: z.coerce.number().min(1, "must be at least 1 (hours)").max(87_600).default(168),
  GUEST_JOINS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(60),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
  ACCOUNT_CHECK_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  RATE_LIMIT_PER_SECOND: z.coerce.number().min(1).max(1_000).default(30),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(10_000).default(60),
  CONNECT_RATE_PER_SECOND: z.coerce.number().min(1).max(100_000).default(200),
  CONNECT_RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(400),
  RATE_LIMIT_DISCONNECT_AFTER: z.coerce.number().int().min(1).max(100_000).default(100),
  FRAME_RATE_LIMIT_PER_SECOND: z.coerce.number().min(1).max(10_000).default(60),
  FRAME_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100_000).default(120),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(256).max(1_048_576).default(4_096),
  /** When set, GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -hex 24)").optional(),
  INTEREST_RADIUS: z.coerce.number().min(2).max(500).default(16),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  LLM_MODEL: z.string().min(1).default("gpt-4o-mini"),
  EMBEDDING_MODEL: z.string().min(1).default("text-embedding-3-small"),
  EMBEDDING_DIMENSIONS: z.coerce.number().int().min(2).max(16_000).optional(),
  EMBEDDING_CACHE_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
  LLM_MODE: z.enum(["auto", "openai", "offline", "counting"]).default("auto"),
  OFFLINE_EMBEDDER: z.enum(OFFLINE_EMBEDDER_NAMES).default("wink-sg-100d-hash-1024"),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  LLM_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  LLM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  LLM_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  LLM_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  LLM_TOKENS_PER_AGENT_HOUR: z.coerce.number().int().min(100).max(10_000_000).default(12_000),
  REFLECTION_THRESHOLD: z.coerce.number().min(1).max(100_000).default(150),
  PLAYER_REPLIES_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  PLAYER_REPLIES_PER_GAME_HOUR: z.coerce.number().int().min(1).max(100_000).default(60),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0").optional(),
  PUBLIC_ADDRESS: z.string().regex(/^[^\s/:]+(:\d+)?(\/\S*)?$/, "must be host[:port][/path] without a scheme, e.g. game-1.example.com:2567").optional(),
  WORLD_OWNER_TTL_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  LLM_QUEUE: booleanFromEnv.default(false),
  LLM_QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default("living-world-llm"),
  LLM_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  WORKER_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  WORKER_STALLED_CHECK_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
});

export type Config = Omit<z.infer<typeof ConfigSchema>, "ALLOW_GUESTS" | "AUTH_SECRET"> & {
  /** Guests may join without an account: on unless NODE_ENV=production. */
  ALLOW_GUESTS: boolean;
  /** Signs tokens. Required in production; otherwise random per process, so tokens die with it. */
  AUTH_SECRET: string;
  authSecretIsEphemeral: boolean;
  /** Absolute paths, resolved once so every part of the server agrees on them. */
  dataDir: string;
  worldsDir: string;
  databaseKind: "embedded" | "postgres";
  /** What /health reports: "openai" for any model endpoint, "offline" for the rule-based mind (also in counting mode). */
  llmKind: "offline" | "openai";
};

export class ConfigError extends Error {}

/** Reads ./.env when present; variables already set in the environment win. */
export function loadDotEnvIfPresent(file = ".env"): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/**
 * Parses the environment; empty strings count as unset so `.env` templates can leave values blank.
 * A worker (`npm run worker`) needs REDIS_URL; a game server needs PUBLIC_ADDRESS beside it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, role: "server" | "worker" = "server"): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new ConfigError(`Invalid environment configuration:\n${problems}\nFix these variables (see .env.example) and start again.`);
  }
  const config = parsed.data;
  const production = config.NODE_ENV === "production";
  if (production && !config.AUTH_SECRET) {
    throw new ConfigError("Invalid environment configuration:\n  AUTH_SECRET: required when NODE_ENV=production\nSet it to a random secret of at least 32 characters (e.g. openssl rand -hex 32).");
  }
  const scaleOutProblem = scaleOutProblems(config, role);
  if (scaleOutProblem) throw new ConfigError(`Invalid environment configuration:\n  ${scaleOutProblem}\nFix it (see .env.example and docs/scaling.md) and start again.`);
  return {
    ...config,
    ALLOW_GUESTS: config.ALLOW_GUESTS ?? !production,
    AUTH_SECRET: config.AUTH_SECRET ?? randomBytes(32).toString("hex"),
    authSecretIsEphemeral: !config.AUTH_SECRET,
    // memory:// keeps the embedded database in memory (tests, throwaway runs).
    dataDir: config.DATA_DIR.startsWith("memory://") ? config.DATA_DIR : path.resolve(config.DATA_DIR),
    worldsDir: path.resolve(config.WORLDS_DIR),
    databaseKind: config.DATABASE_URL ? "postgres" : "embedded",
    llmKind: config.LLM_MODE === "openai" || (config.LLM_MODE === "auto" && config.OPENAI_API_KEY) ? "openai" : "offline",
  };
}

function scaleOutProblems(config: z.infer<typeof ConfigSchema>, role: "server" | "worker"): string | undefined {
  if (role === "worker" && !config.REDIS_URL) return "REDIS_URL: required by `npm run worker`, which takes LLM jobs from the Redis queue the game servers fill (set LLM_QUEUE=true on them)";
  if (role === "server" && config.REDIS_URL && !config.PUBLIC_ADDRESS) {
    return "PUBLIC_ADDRESS: required with REDIS_URL, so clients matched by another process can reach the rooms of this one; set it to the host:port clients use for this process (e.g. game-1.example.com:2567)";
  }
  if (role === "server" && config.REDIS_URL && !config.DATABASE_URL) {
    return "DATABASE_URL: required with REDIS_URL: processes that share matchmaking must share one Postgres, and the embedded database belongs to one process";
  }
  if (role === "server" && config.LLM_QUEUE && !config.REDIS_URL) return "LLM_QUEUE: needs REDIS_URL (the queue lives in Redis); unset LLM_QUEUE to think in this process";
  return undefined;
}
