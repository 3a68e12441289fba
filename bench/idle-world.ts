/**
 * What a world costs with nobody connected: starts the server on the sample world (offline mind, embedded
 * database in memory), lets it warm up, then measures the server process's CPU time (all its threads, from
 * /proc) and how far the world's clock went over a span of real time.
 *
 *   npm run bench:idle-world -- --seconds 60 --speed 1 --json
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
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
    if (process.platform !== "linux") throw new OptionsError("bench/idle-world.ts reads CPU time from /proc: it runs on Linux only");
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
    const env = { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: "memory://", DATABASE_URL: "", REDIS_URL: "", LLM_MODE: "offline", LOG_LEVEL: "warn", WORLDS_DIR: worldsDir, DEFAULT_WORLD: WORLD };
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
    const exited = once(child, "exit");
    try {
      await until(async () => ((await (await fetch(`${url}/health`)).json()) as { rooms?: number }).rooms === 1);
      await pause(options.warmup * 1000);
      const before = { cpu: cpuSeconds(child.pid!), gameTime: await gameTime(url), at: performance.now() };
      await pause(options.seconds * 1000);
      const after = { cpu: cpuSeconds(child.pid!), gameTime: await gameTime(url), at: performance.now() };
      const seconds = (after.at - before.at) / 1000;
      return {
        world: WORLD,
        speed: world.clock.speed as number,
        seconds: round(seconds, 1),
        cpuPercent: round(((after.cpu - before.cpu) / seconds) * 100, 2),
        rssMb: rssMb(child.pid!),
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

/** User and system CPU time of a process and all its threads, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command (which may hold spaces) start at the state, field 3: utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  return round(kb / 1024, 0);
}

let ticks: number | undefined;
function clockTicksPerSecond(): number {
  ticks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticks;
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
