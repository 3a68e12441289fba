/**
 * Load benchmark: `npm run loadtest`'s load against the game server and against a minimal Colyseus
 * room, each a child process of its own, one after the other on the same machine; reports the world
 * room's cost per client as a ratio of the minimal room's, against the targets in the README's load table.
 *
 *   npm run bench:load -- --clients 500 --agents 50 --duration 60 --ramp 20 --json
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createThrowawayDatabase } from "../db/throwaway-database.ts";
import { OptionsError, parseCliOptions } from "./support/cli-options.ts";
import { calibrationMs, MachineLoad } from "./support/machine-load.ts";
import { formatProgress, runLoad } from "./loadtest/run-load.ts";
import { formatSummary, type LoadSummary } from "./loadtest/summary.ts";
import { toLoadOptions } from "./loadtest/options.ts";
import { LOAD_MAP_SIZE, LOAD_WORLD_ID, loadWorld } from "./load/load-world.ts";
import { BenchLoadOptionsSchema, USAGE, type BenchLoadOptions } from "./load/options.ts";
import { startServerProcess, type ServerProcess } from "./load/server-process.ts";
import { roomHistograms } from "./load/room-histograms.ts";
import { checkTargets } from "./load/targets.ts";

async function main(): Promise<number> {
  const options = parseCliOptions(process.argv.slice(2), BenchLoadOptionsSchema, USAGE);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const calibration = calibrationMs();
  const world = await loadWorld(options.agents, options["patch-hz"]);
  // Real Postgres when DATABASE_URL (or else TEST_DATABASE_URL) names one: a throwaway database next to
  // it, like bench:retrieval. Otherwise a fresh embedded database on disk, as `npm start` uses by default.
  const adminUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const postgres = adminUrl ? await createThrowawayDatabase(adminUrl, "lw_bench_load") : undefined;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-load-data-"));
  let worldRun: MeasuredRun;
  try {
    const database: Record<string, string> = postgres ? { DATABASE_URL: postgres.url } : { DATA_DIR: dataDir };
    const env = { WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: LOAD_WORLD_ID, LLM_MODE: process.env.LLM_MODE ?? "offline", GUEST_JOINS_PER_HOUR: "1000000", ...database };
    worldRun = await measure("world room", () => startServerProcess("src/main.ts", env, "/health"), options);
  } finally {
    await world.cleanup();
    await fs.rm(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  }
  const baselineRun = await measure("minimal room", () => startServerProcess("bench/baseline/server.ts", { MAP_SIZE: String(LOAD_MAP_SIZE), PATCH_RATE_HZ: String(options["patch-hz"]) }, "/metrics"), options);
  const result = {
    benchmark: "load",
    clients: options.clients,
    agents: options.agents,
    database: postgres ? "postgres" : "embedded",
    durationSeconds: options.duration,
    rampSeconds: options.ramp,
    moveHz: options["move-hz"],
    patchHz: options["patch-hz"],
    world: worldRun.summary,
    worldRoomTimings: worldRun.roomTimings,
    baseline: baselineRun.summary,
    targets: checkTargets(worldRun.summary, baselineRun.summary, options.agents),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      node: process.version,
      calibrationMs: calibration,
      otherProcessesCpuPercent: { world: worldRun.otherProcessesCpuPercent, baseline: baselineRun.otherProcessesCpuPercent },
    },
  };
  if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(`== world room (${options.agents} agents)\n${formatSummary(worldRun.summary)}\n== minimal room\n${formatSummary(baselineRun.summary)}\n`);
    process.stdout.write(`world room timings: ${JSON.stringify(result.worldRoomTimings)}\n`);
    process.stdout.write(`targets (${result.targets.atTargetScale ? "at target scale" : "NOT at target scale: indicative only"}):\n${JSON.stringify(result.targets, null, 2)}\nmachine: ${JSON.stringify(result.machine)}\n`);
  }
  return worldRun.summary.passed && baselineRun.summary.passed ? 0 : 1;
}

interface MeasuredRun {
  summary: LoadSummary;
  /** The server's tick, patch and flush histograms at the end of the run (the game server only). */
  roomTimings: Awaited<ReturnType<typeof roomHistograms>>;
  /** CPU other programs used during the run (share of the machine, %), net of the server and the load generator. */
  otherProcessesCpuPercent: number | null;
}

async function measure(label: string, start: () => Promise<ServerProcess>, options: BenchLoadOptions): Promise<MeasuredRun> {
  process.stderr.write(`bench:load: starting the ${label} server\n`);
  const server = await start();
  try {
    const loadOptions = toLoadOptions({
      url: server.url,
      clients: options.clients,
      duration: options.duration,
      ramp: options.ramp,
      world: undefined,
      "chat-rate": 0,
      "move-hz": options["move-hz"],
      "ping-hz": 1,
      spread: options.spread,
      workers: options.workers,
      "max-errors": 0,
      seed: 1,
      json: true,
      help: false,
    });
    const machine = new MachineLoad();
    const started = performance.now();
    const summary = await runLoad(loadOptions, (progress) => process.stderr.write(`bench:load: ${label} ${formatProgress(progress)}`));
    const wallSeconds = (performance.now() - started) / 1000;
    return { summary, roomTimings: await roomHistograms(server.url), otherProcessesCpuPercent: othersPercent(machine, summary, wallSeconds) };
  } finally {
    await server.stop();
  }
}

/** MachineLoad counts every process but this one; take out the server's and the load workers' share. */
function othersPercent(machine: MachineLoad, summary: LoadSummary, wallSeconds: number): number | null {
  const others = machine.otherProcessesCpuPercent();
  if (others === null) return null;
  const serverCores = "unavailable" in summary.server ? 0 : summary.server.cpuCores.mean;
  const ours = ((serverCores + summary.loadGenerator.cpuCores) / os.cpus().length) * 100;
  return Math.max(0, Math.round((others - ours) * 10) / 10);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`bench:load: ${error instanceof OptionsError ? error.message : error.stack}\n`);
    process.exit(error instanceof OptionsError ? 2 : 1);
  },
);
