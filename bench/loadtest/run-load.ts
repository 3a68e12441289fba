import { fork, type ChildProcess } from "node:child_process";
import { distributionOf, round3 } from "../support/stats.ts";
import type { LoadOptions } from "./options.ts";
import { metricsUrlOf, ServerMetricsSampler } from "./server-metrics.ts";
import { summarize, type LoadSummary } from "./summary.ts";
import { RunTotals } from "./totals.ts";
import type { CoordinatorToWorker, WorkerPlan, WorkerToCoordinator, WorkerWindow } from "./worker-messages.ts";

const WORKER_ENTRY = new URL("./worker.ts", import.meta.url);
/** Workers get this long to boot (tsx compiles them) before the first join is due. */
const BOOT_MS = 1_500;
/** After the end, workers have this long to leave their rooms and report. */
const WORKER_FINISH_MS = 15_000;
export const PROGRESS_EVERY_MS = 2_000;

export interface LoadProgress {
  elapsedSeconds: number;
  connected: number;
  joinsFailed: number;
  errors: number;
  messagesPerSecond: number;
  rttP99Ms: number;
  server: { cpuCores: number; rssMb: number } | undefined;
  generatorLoopDelayP99Ms: number;
}

export class UnreachableServerError extends Error {}

/** Runs the load described by `options` and returns its summary; `onProgress` hears every PROGRESS_EVERY_MS. */
export async function runLoad(options: LoadOptions, onProgress: (progress: LoadProgress) => void = () => undefined): Promise<LoadSummary> {
  await assertReachable(options.url);
  const sampler = new ServerMetricsSampler(metricsUrlOf(options.url), process.env.METRICS_TOKEN || undefined);
  const totals = new RunTotals();
  const startAt = Date.now() + BOOT_MS;
  const endAt = startAt + options.durationSeconds * 1000;
  const startedAt = performance.now() + BOOT_MS;
  const measuredFrom = startedAt + options.rampSeconds * 1000;
  const workers = plans(options, startAt, endAt).map((plan) => startWorker(plan, (window) => totals.add(window, performance.now() >= measuredFrom)));
  sampler.start();
  const progress = reportProgress(totals, sampler, startedAt, onProgress);
  try {
    await Promise.all(workers.map((worker) => worker.done));
  } finally {
    clearInterval(progress);
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill();
    await sampler.stop();
  }
  const wallSeconds = (performance.now() - startedAt) / 1000;
  return summarize(options, totals, sampler.usageSince(measuredFrom), sampler.lastError, wallSeconds);
}

/** Fails fast, with the address in the message, when nothing answers at the URL. */
async function assertReachable(url: string): Promise<void> {
  const http = new URL(url);
  http.protocol = http.protocol === "wss:" || http.protocol === "https:" ? "https:" : "http:";
  try {
    await fetch(http, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new UnreachableServerError(`cannot reach the server at ${url} (${reason}); start it (npm start) or fix --url`);
  }
}

/** Client k joins at ramp * k / N; clients are dealt to workers in turn, so each worker's joins spread over the ramp too. */
function plans(options: LoadOptions, startAt: number, endAt: number): WorkerPlan[] {
  return Array.from({ length: options.workers }, (_, workerIndex) => {
    const clients: WorkerPlan["clients"] = [];
    for (let number = workerIndex; number < options.clients; number += options.workers) {
      clients.push({ number: number + 1, joinAfterMs: (options.rampSeconds * 1000 * number) / options.clients });
    }
    return {
      workerIndex,
      url: options.url,
      world: options.world,
      clients,
      startAt,
      endAt,
      moveHz: options.moveHz,
      pingHz: options.pingHz,
      spread: options.spread,
      chatRate: (options.chatRate * clients.length) / options.clients,
      seed: options.seed,
    };
  });
}

function startWorker(plan: WorkerPlan, onWindow: (window: WorkerWindow) => void): { child: ChildProcess; done: Promise<void> } {
  const child = fork(WORKER_ENTRY, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const done = new Promise<void>((resolve, reject) => {
    let finished = false;
    const deadline = setTimeout(() => {
      if (!finished) reject(new Error(`load worker ${plan.workerIndex + 1} did not finish within ${WORKER_FINISH_MS / 1000} s after the end of the run`));
    }, plan.endAt - Date.now() + WORKER_FINISH_MS);
    child.on("message", (message: WorkerToCoordinator) => {
      onWindow(message.window);
      if (message.type === "done") finished = true;
    });
    // Resolved on exit rather than on "done", so that the worker ends on its own (and writes a --cpu-prof profile).
    child.on("exit", (code, signal) => {
      clearTimeout(deadline);
      if (finished) resolve();
      else reject(new Error(`load worker ${plan.workerIndex + 1} exited early (${signal ?? `code ${code}`}); its error is printed above`));
    });
  });
  child.send({ type: "start", plan } satisfies CoordinatorToWorker);
  return { child, done };
}

function reportProgress(totals: RunTotals, sampler: ServerMetricsSampler, startedAt: number, onProgress: (progress: LoadProgress) => void): NodeJS.Timeout {
  let last = { at: performance.now(), messages: 0, rttCount: 0 };
  return setInterval(() => {
    const now = performance.now();
    const all = totals.all;
    const messages = all.messagesIn + all.messagesOut;
    const recentRtt = all.rttMs.slice(last.rttCount);
    const disconnects = Object.values(all.disconnects).reduce((sum, count) => sum + count, 0);
    onProgress({
      elapsedSeconds: Math.max(0, Math.round((now - startedAt) / 100) / 10),
      connected: totals.connected,
      joinsFailed: all.joinsFailed,
      errors: all.joinsFailed + disconnects + all.roomErrors + all.replyTimeouts,
      messagesPerSecond: Math.round((messages - last.messages) / ((now - last.at) / 1000)),
      rttP99Ms: round3(distributionOf(recentRtt).p99),
      server: sampler.latest(),
      generatorLoopDelayP99Ms: round3(totals.currentEventLoopDelayP99Ms),
    });
    last = { at: now, messages, rttCount: all.rttMs.length };
  }, PROGRESS_EVERY_MS);
}

export function formatProgress(progress: LoadProgress): string {
  const server = progress.server ? `, server ${round3(progress.server.cpuCores)} cores ${Math.round(progress.server.rssMb)} MB` : "";
  return `[${progress.elapsedSeconds.toFixed(1)} s] connected ${progress.connected}, errors ${progress.errors}, ${progress.messagesPerSecond} msg/s, RTT p99 ${progress.rttP99Ms} ms${server}, generator lag p99 ${progress.generatorLoopDelayP99Ms} ms\n`;
}
