/**
 * What a world costs with nobody connected: starts the server on the sample world (offline provider, embedded
 * database in memory), lets it warm up, then measures the server process's CPU time (all its threads, from
 * its own /metrics) and how far the world's clock went over a span of real time.
 *
 *   npm run bench:idle-world -- --seconds 60 --speed 1 --json
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { metricsUrlOf, parseProcessMetrics } from "./loadtest/server-metrics.ts";
import { OptionsError, parseCliOptions, wholeNumberOption } from "./support/cli-options.ts";
import { freePort } from "./support/free-port.ts";
import { calibrationMs } from "./support/machine-load.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..");
const WORLD = "heartwood";
const READY_TIMEOUT_MS = 120_000;

const USAGE = `Usage: npm run bench:idle-world -- [--seconds N] [--warmup N] [--speed N] [--json]

Starts the server on the sample world (${WORLD}) with nobody connected and prints the server process's
CPU use (percent of one core, all threads) and RSS over --seconds of real time, after --warmup seconds.

  --seconds N   how long to measure (default 60)
  --warmup N    seconds between the world's room opening and the measurement (default 10)
  --speed N     the world's clock speed, game seconds per real second (default: the world's own)
  --json        print JSON instead of a line of text`;

const Options = z.object({
  seconds: wholeNumberOption("--seconds", 1, 3_600).default(60),
  warmup: wholeNumberOption("--warmup", 0, 600).default(10),
  speed: wholeNumberOption("--speed", 0, 3_600).optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

async function main(): Promise<void> {
  try {
    const options = parseCliOptions(process.argv.slice(2), Options, USAGE);
    if (options.help) return void process.stdout.write(`${USAGE}\n`);
    const result = await measure(options);
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${WORLD} at speed ${result.speed}, nobody connected: ${result.cpuPercent} % of one core over ${result.seconds} s, RSS ${result.rssMb} MB, clock +${result.gameSeconds} game s\n`);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`idle-world: ${error.message}\n`);
    process.exitCode = 2;
  }
}

async function measure(options: z.output<typeof Options>) {
  const worldsDir = await fs.mkdtemp(path.join(os.tmpdir(), "living-world-idle-"));
  try {
    await fs.cp(path.join(REPO_ROOT, "worlds", WORLD), path.join(worldsDir, WORLD), { recursive: true });
    const worldFile = path.join(worldsDir, WORLD, "world.json");
    const world = JSON.parse(await fs.readFile(worldFile, "utf8"));
    if (options.speed !== undefined) world.clock.speed = options.speed;
    await fs.writeFile(worldFile, JSON.stringify(world));

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: "memory://", DATABASE_URL: "", REDIS_URL: "", LLM_MODE: "offline", LOG_LEVEL: "warn", WORLDS_DIR: worldsDir, DEFAULT_WORLD: WORLD, METRICS_TOKEN: "" };
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
    const exited = once(child, "exit");
    try {
      await until(async () => ((await (await fetch(`${url}/health`)).json()) as { rooms?: number }).rooms === 1);
      await pause(options.warmup * 1000);
      const before = { ...(await processMetrics(url)), gameTime: await gameTime(url), at: performance.now() };
      await pause(options.seconds * 1000);
      const after = { ...(await processMetrics(url)), gameTime: await gameTime(url), at: performance.now() };
      const seconds = (after.at - before.at) / 1000;
      return {
        world: WORLD,
        speed: world.clock.speed as number,
        seconds: round(seconds, 1),
        cpuPercent: round(((after.cpuSeconds - before.cpuSeconds) / seconds) * 100, 2),
        rssMb: round(after.rssBytes / 1024 / 1024, 0),
        gameSeconds: after.gameTime - before.gameTime,
        machine: { cpus: os.cpus().length, node: process.version, calibrationMs: calibrationMs() },
      };
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  } finally {
    await fs.rm(worldsDir, { recursive: true, force: true });
  }
}

/** The server's CPU time (user and system, all threads) and RSS, from its own Prometheus endpoint. */
async function processMetrics(url: string): Promise<{ cpuSeconds: number; rssBytes: number }> {
  const metrics = parseProcessMetrics(await (await fetch(metricsUrlOf(url))).text());
  if (!metrics) throw new Error(`${metricsUrlOf(url)} has no process_cpu_seconds_total / process_resident_memory_bytes`);
  return metrics;
}

async function gameTime(url: string): Promise<number> {
  const world = (await (await fetch(`${url}/api/worlds/${WORLD}`)).json()) as { clock: { gameTime: number } };
  return world.clock.gameTime;
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the server did not open the ${WORLD} room within ${READY_TIMEOUT_MS / 1000} s`);
    await pause(250);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

await main();
