import os from "node:os";
import { distributionOf, round3 } from "../support/stats.ts";
import type { LoadOptions } from "./options.ts";
import type { ServerUsage } from "./server-metrics.ts";
import type { RunTotals } from "./totals.ts";

/** Server `error` codes that mean the load tool or the server misbehaved (game answers such as out_of_bounds do not count). */
const FAILURE_ERROR_CODES = new Set(["invalid_message", "unknown_message_type", "rate_limited", "not_stored"]);
/** A load generator whose event loop lags this much measures its own delay as much as the server's. */
const SATURATED_LOOP_DELAY_MS = 20;

export interface LoadSummary {
  url: string;
  world: string | null;
  clients: number;
  durationSeconds: number;
  rampSeconds: number;
  moveHz: number;
  chatRate: number;
  workers: number;
  joins: { ok: number; failed: number; errors: string[]; ms: { p50: number; p95: number; max: number } };
  connectedAtEnd: number;
  /** Every ping of the run, joins included. */
  rttMs: { p50: number; p95: number; p99: number; max: number; samples: number };
  /** Pings after the ramp, with every client in: the steady load the targets are about. */
  steadyRttMs: { p50: number; p95: number; p99: number; max: number; samples: number };
  perClient: { patchesPerSecond: number; bytesInPerSecond: number; messagesInPerSecond: number; messagesOutPerSecond: number };
  replies: { linesSaid: number; answered: number; timedOut: number; noAgentInView: number; firstChunkMs: { p50: number; p95: number }; finalMs: { p50: number; p95: number } };
  disconnects: Record<string, number>;
  drops: number;
  reconnects: number;
  serverErrors: Record<string, number>;
  errors: { count: number; max: number };
  server: (ServerUsage & { cpuMsPerClientSecond: number }) | { unavailable: string };
  loadGenerator: { cpuCores: number; eventLoopDelayP99MaxMs: number; saturated: boolean };
  machine: { cpus: number; node: string; loadAverage1m: number };
  passed: boolean;
  failures: string[];
}

export function summarize(options: LoadOptions, totals: RunTotals, server: ServerUsage | undefined, serverError: string | undefined, wallSeconds: number): LoadSummary {
  const all = totals.all;
  const perClientSecond = (value: number) => (all.clientSeconds > 0 ? round3(value / all.clientSeconds) : 0);
  const rtt = distributionOf(all.rttMs);
  const steadyRtt = distributionOf(totals.steadyRttMs);
  const joinMs = distributionOf(all.joinMs);
  const firstChunk = distributionOf(all.replyFirstChunkMs);
  const final = distributionOf(all.replyFinalMs);
  const serverErrorFailures = Object.entries(all.serverErrors).reduce((sum, [code, count]) => sum + (FAILURE_ERROR_CODES.has(code) ? count : 0), 0);
  const disconnectCount = Object.values(all.disconnects).reduce((sum, count) => sum + count, 0);
  const errorCount = disconnectCount + all.roomErrors + all.replyTimeouts + serverErrorFailures;
  const failures: string[] = [];
  if (all.joinsOk === 0) failures.push(`no client could join ${options.url}: ${all.joinErrors[0] ?? "unknown error"}; is the server running there, and does it serve the "world" room${options.world ? ` and world "${options.world}"` : ""}?`);
  else if (all.joinsFailed > 0) failures.push(`${all.joinsFailed} of ${options.clients} joins failed: ${all.joinErrors.join("; ")}`);
  if (errorCount > options.maxErrors) {
    failures.push(`${errorCount} errors (more than --max-errors ${options.maxErrors}): ${disconnectCount} disconnects, ${all.roomErrors} room errors, ${all.replyTimeouts} unanswered lines, ${serverErrorFailures} server error messages`);
  }
  const usage = server ? { ...server, cpuMsPerClientSecond: round3((server.cpuCores.mean * 1000) / Math.max(1, totals.connected || all.joinsOk)) } : { unavailable: serverError ?? "no samples" };
  return {
    url: options.url,
    world: options.world ?? null,
    clients: options.clients,
    durationSeconds: options.durationSeconds,
    rampSeconds: options.rampSeconds,
    moveHz: options.moveHz,
    chatRate: options.chatRate,
    workers: options.workers,
    joins: { ok: all.joinsOk, failed: all.joinsFailed, errors: all.joinErrors, ms: { p50: joinMs.p50, p95: joinMs.p95, max: joinMs.max } },
    connectedAtEnd: totals.connected,
    rttMs: { p50: rtt.p50, p95: rtt.p95, p99: rtt.p99, max: rtt.max, samples: all.rttMs.length },
    steadyRttMs: { p50: steadyRtt.p50, p95: steadyRtt.p95, p99: steadyRtt.p99, max: steadyRtt.max, samples: totals.steadyRttMs.length },
    perClient: {
      patchesPerSecond: perClientSecond(all.patches),
      bytesInPerSecond: Math.round(perClientSecond(all.bytesIn)),
      messagesInPerSecond: perClientSecond(all.messagesIn),
      messagesOutPerSecond: perClientSecond(all.messagesOut),
    },
    replies: {
      linesSaid: all.linesSaid,
      answered: all.replyFinalMs.length,
      timedOut: all.replyTimeouts,
      noAgentInView: all.talksWithoutAgent,
      firstChunkMs: { p50: firstChunk.p50, p95: firstChunk.p95 },
      finalMs: { p50: final.p50, p95: final.p95 },
    },
    disconnects: all.disconnects,
    drops: all.drops,
    reconnects: all.reconnects,
    serverErrors: all.serverErrors,
    errors: { count: errorCount, max: options.maxErrors },
    server: usage,
    loadGenerator: {
      cpuCores: round3(all.cpuMicros / 1e6 / wallSeconds),
      eventLoopDelayP99MaxMs: round3(totals.eventLoopDelayMaxP99Ms),
      saturated: totals.eventLoopDelayMaxP99Ms > SATURATED_LOOP_DELAY_MS,
    },
    machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: round3(os.loadavg()[0]!) },
    passed: failures.length === 0,
    failures,
  };
}

export function formatSummary(summary: LoadSummary): string {
  const server = "unavailable" in summary.server
    ? `server CPU/RSS      unavailable (${summary.server.unavailable})`
    : `server CPU          ${summary.server.cpuCores.mean} cores mean, ${summary.server.cpuCores.max} max (${summary.server.cpuMsPerClientSecond} ms CPU per client-second)\nserver RSS          ${summary.server.rssMb.mean} MB mean, ${summary.server.rssMb.max} MB max`;
  const lines = [
    `Load test: ${summary.clients} clients against ${summary.url}${summary.world ? ` (world ${summary.world})` : ""}, ${summary.durationSeconds} s, ramp ${summary.rampSeconds} s, ${summary.moveHz} Hz movement, ${summary.workers} worker(s)`,
    `joins               ${summary.joins.ok} ok, ${summary.joins.failed} failed (join p50 ${summary.joins.ms.p50} ms, p95 ${summary.joins.ms.p95} ms)`,
    `connected at end    ${summary.connectedAtEnd}`,
    `RTT                 p50 ${summary.rttMs.p50} ms, p95 ${summary.rttMs.p95} ms, p99 ${summary.rttMs.p99} ms, max ${summary.rttMs.max} ms (${summary.rttMs.samples} pings)`,
    `RTT after the ramp  p50 ${summary.steadyRttMs.p50} ms, p95 ${summary.steadyRttMs.p95} ms, p99 ${summary.steadyRttMs.p99} ms, max ${summary.steadyRttMs.max} ms (${summary.steadyRttMs.samples} pings)`,
    `per client          ${summary.perClient.patchesPerSecond} patches/s, ${summary.perClient.bytesInPerSecond} bytes/s in, ${summary.perClient.messagesOutPerSecond} messages/s out`,
    `NPC replies         ${summary.replies.answered}/${summary.replies.linesSaid} answered; first chunk p50 ${summary.replies.firstChunkMs.p50} ms, p95 ${summary.replies.firstChunkMs.p95} ms; final p50 ${summary.replies.finalMs.p50} ms, p95 ${summary.replies.finalMs.p95} ms`,
    `disconnects         ${formatCounts(summary.disconnects)} (drops ${summary.drops}, reconnects ${summary.reconnects})`,
    `server errors       ${formatCounts(summary.serverErrors)}`,
    server,
    `load generator      ${summary.loadGenerator.cpuCores} cores, event-loop delay p99 up to ${summary.loadGenerator.eventLoopDelayP99MaxMs} ms${summary.loadGenerator.saturated ? " (SATURATED: RTT includes the generator's own delay)" : ""}`,
    summary.passed ? "result              PASSED" : `result              FAILED\n${summary.failures.map((failure) => `  - ${failure}`).join("\n")}`,
  ];
  return `${lines.join("\n")}\n`;
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? "none" : entries.map(([code, count]) => `${code}: ${count}`).join(", ");
}
