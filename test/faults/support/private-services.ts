import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

// A PostgreSQL and a Redis of the fault suite's own, which it may stop without disturbing anyone else's.
const SERVICES_DIR = "/tmp/living-world-fault-services";
const PG_PORT = 54339;
const REDIS_PORT = 63819;
const PG_BIN = "/usr/lib/postgresql/15/bin";

export interface PrivateServices {
  adminUrl: string;
  redisUrl: string;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
}

/** Starts (or finds running) the private services with scripts/services/setup.sh, which needs root. */
export async function privateServices(): Promise<PrivateServices> {
  const env = { ...process.env, LW_SERVICES_DIR: SERVICES_DIR, LW_PG_PORT: String(PG_PORT), LW_REDIS_PORT: String(REDIS_PORT) };
  const setup = () => run("bash", [path.resolve("scripts/services/setup.sh")], { env, maxBuffer: 16 * 1024 * 1024 }).then(() => undefined);
  await setup();
  return {
    adminUrl: `postgres://living_world:living_world@127.0.0.1:${PG_PORT}/living_world_test`,
    redisUrl: `redis://127.0.0.1:${REDIS_PORT}`,
    stopPostgres: () => run("runuser", ["-u", "postgres", "--", `${PG_BIN}/pg_ctl`, "-D", `${SERVICES_DIR}/pg`, "stop", "-m", "fast", "-w"]).then(() => undefined),
    startPostgres: setup,
    stopRedis: () => run("redis-cli", ["-p", String(REDIS_PORT), "shutdown", "nosave"]).then(() => undefined, () => undefined),
    startRedis: setup,
  };
}
