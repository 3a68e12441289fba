import { spawn } from "node:child_process";
import readline from "node:readline";
import { processTree, type ProcessMemory } from "./process-tree.ts";

const SAMPLE_EVERY_MS = 25;
const HEALTH_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;

export interface BootRequest {
  /** The program and its arguments, run in `cwd` in a process group of its own (e.g. npm start). */
  command: string[];
  cwd: string;
  env: Record<string, string>;
  healthUrl: string;
  /** How long to keep sampling after /health answers ok, for memory that peaks just after. */
  settleMs: number;
}

/** Memory while one output line was the latest: what the process tree did during that phase of the boot. */
export interface BootPhase {
  /** Seconds after the command started when the line appeared. */
  at: number;
  line: string;
  peakRssMb: number;
}

export interface BootMeasurement {
  secondsToHealth: number;
  /** Largest sum of RSS over the whole process tree, sampled every 25 ms from /proc, until /health plus settleMs. */
  peakRssMb: number;
  peakAtSeconds: number;
  /** Each process of the tree at that peak. */
  atPeak: ProcessMemory[];
  rssAtHealthMb: number;
  /** Every process the command started, with its own peak RSS (VmHWM, exact) at its last sample, in start order. */
  processes: { command: string; peakRssMb: number }[];
  phases: BootPhase[];
}

/**
 * Starts a server command as a user would, samples the RSS of its whole process tree (npm, the shell, tsx and
 * the node processes they start; worker threads count inside their process) until its /health answers ok and
 * a little after, then stops it with SIGINT (Ctrl-C) and waits until every process of the group is gone.
 */
export async function measureBoot(request: BootRequest): Promise<BootMeasurement> {
  const started = performance.now();
  const seconds = () => round2((performance.now() - started) / 1000);
  const child = spawn(request.command[0]!, request.command.slice(1), { cwd: request.cwd, env: { ...process.env, ...request.env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const phases: BootPhase[] = [{ at: 0, line: `$ ${request.command.join(" ")}`, peakRssMb: 0 }];
  let latestRssMb = 0;
  const onLine = (line: string) => {
    output.push(line);
    const text = describeLine(line);
    // A phase shorter than a sample interval gets the latest sample.
    if (text) phases.push({ at: seconds(), line: text, peakRssMb: round1(latestRssMb) });
  };
  readline.createInterface({ input: child.stdout! }).on("line", onLine);
  readline.createInterface({ input: child.stderr! }).on("line", onLine);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  let peak = { rssMb: 0, at: 0, tree: [] as ProcessMemory[] };
  const processes = new Map<number, { command: string; peakRssMb: number }>();
  const sample = () => {
    const tree = processTree(child.pid!);
    for (const process of tree) processes.set(process.pid, { command: process.command, peakRssMb: round1(process.peakRssMb) });
    const rssMb = tree.reduce((sum, process) => sum + process.rssMb, 0);
    latestRssMb = rssMb;
    const phase = phases[phases.length - 1]!;
    phase.peakRssMb = Math.max(phase.peakRssMb, round1(rssMb));
    if (rssMb > peak.rssMb) peak = { rssMb, at: seconds(), tree };
    return rssMb;
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  try {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    while (!(await healthy(request.healthUrl))) {
      if (exitCode !== undefined) throw new Error(`${request.command.join(" ")} exited with code ${exitCode} before /health answered:\n${output.slice(-30).join("\n")}`);
      if (Date.now() > deadline) throw new Error(`${request.healthUrl} did not answer ok within ${HEALTH_TIMEOUT_MS / 1000} s:\n${output.slice(-30).join("\n")}`);
      await delay(100);
    }
    const secondsToHealth = seconds();
    const rssAtHealthMb = sample();
    phases.push({ at: secondsToHealth, line: "/health ok", peakRssMb: round1(rssAtHealthMb) });
    await delay(request.settleMs);
    return {
      secondsToHealth,
      peakRssMb: round1(peak.rssMb),
      peakAtSeconds: peak.at,
      atPeak: peak.tree.map((process) => ({ ...process, rssMb: round1(process.rssMb), peakRssMb: round1(process.peakRssMb) })),
      rssAtHealthMb: round1(rssAtHealthMb),
      processes: [...processes.values()],
      phases,
    };
  } finally {
    clearInterval(sampler);
    await stopGroup(child.pid!, exited);
  }
}

/** The message of a pino JSON line, or the line itself (npm's banner, the inspector build). */
function describeLine(line: string): string {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return trimmed;
  try {
    const { msg, ...fields } = JSON.parse(trimmed) as { msg?: string; [field: string]: unknown };
    const detail = ["migration", "world", "embedder", "source"].filter((key) => key in fields).map((key) => `${key}=${String(fields[key])}`);
    return [msg ?? "", ...detail].join(" ").trim();
  } catch {
    return trimmed;
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

async function stopGroup(pid: number, exited: Promise<number | null>): Promise<void> {
  signalGroup(pid, "SIGINT");
  const stopped = await Promise.race([exited.then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
  if (!stopped) signalGroup(pid, "SIGKILL");
  // npm may exit before the server it started has closed its database: wait for the whole group.
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (groupAlive(pid) && Date.now() < deadline) await delay(50);
  if (groupAlive(pid)) signalGroup(pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;
