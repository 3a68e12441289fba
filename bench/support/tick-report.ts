import type { Distribution } from "./stats.ts";

export interface TickBenchResult {
  agents: number;
  players: number;
  ticks: number;
  warmupTicks: number;
  tickRateHz: number;
  stepMs: number;
  patchMs: number;
  clockSpeed: number;
  seed: number;
  interestRadius: number;
  clickRange: number;
  map: { name: string; chosenBy: string; width: number; height: number; walkableTiles: number; locations: number };
  gameClock: { start: string; measuredGameMinutes: number };
  /** One room tick plus the patch Colyseus encodes after it: what the 50 ms budget pays for. */
  tickMs: Distribution;
  /** WorldRoom.tick alone: simulation step and state sync. */
  tickMsNoSerialization: Distribution;
  /** tickMs over the ticks no garbage collection started in: the CPU cost without GC pauses. */
  tickMsOnTicksWithoutGc: Distribution;
  /** Room.broadcastPatch: the interest views (onBeforePatch), then Colyseus encoding one patch per view. */
  serializationMs: Distribution;
  phasesMs: Record<"simulationStep" | "interestUpdate" | "stateSyncAndRest" | "patchEncoding" | "inputHandling", Distribution>;
  target: { tickP99Ms: number; met: boolean };
  bytesPerClientPerSecond: number;
  bytesPerClientPerSecondMax: number;
  framesPerClientPerSecond: number;
  joinFullStateBytesMean: number;
  entitiesInViewPerClient: { mean: number; p95: number; max: number };
  /** Shared interest views (one per occupied cell, each encoded once per patch), sampled with the entities in view. */
  interestViewsMean: number;
  messagesPerSecond: number;
  events: Record<string, number>;
  routeCache: { hits: number; misses: number };
  gc: { count: number; totalMs: number; maxMs: number; ticksHit: number };
  movingEntitiesPerTick: number;
  worstTicks: { tick: number; gameTime: string; ms: number; simulationStepMs: number; interestMs: number; serializationMs: number; gc: boolean }[];
  schemaWarnings: { message: string; count: number }[];
  heapUsedMb: number;
  setupSeconds: number;
  wallSeconds: number;
  realTimeFactor: number;
  node: string;
  cpus: { model: string; count: number };
  platform: string;
  /** Share of the machine's CPU other processes used during the measured ticks; null where unknown. */
  otherProcessesCpuPercent: number | null;
  /** ms for a fixed pure-JS workload before the run: a slower machine (busy VM neighbours) shows here first. */
  calibrationMs: number;
}

/** The readable form: a header, the timing table, then traffic and what else is worth a glance. */
export function formatTable(result: TickBenchResult): string {
  const rows: [string, Distribution][] = [
    ["tick (with serialization)", result.tickMs],
    ["tick without serialization", result.tickMsNoSerialization],
    ["  simulation step", result.phasesMs.simulationStep],
    ["  state sync and rest", result.phasesMs.stateSyncAndRest],
    ["serialization (patches)", result.serializationMs],
    ["  interest views", result.phasesMs.interestUpdate],
    ["  patch encoding", result.phasesMs.patchEncoding],
    ["input messages (outside tick)", result.phasesMs.inputHandling],
    ["tick, ticks without a GC", result.tickMsOnTicksWithoutGc],
  ];
  const label = Math.max(...rows.map(([name]) => name.length));
  const cell = (value: number) => value.toFixed(3).padStart(9);
  const lines = [
    `bench:tick  ${result.agents} agents, ${result.players} players, ${result.ticks} ticks at ${result.tickRateHz} Hz (+${result.warmupTicks} warm-up), patches every ${result.patchMs} ms, clock x${result.clockSpeed} from ${result.gameClock.start}`,
    `map ${result.map.name} (${result.map.chosenBy}) ${result.map.width}x${result.map.height}, ${result.map.walkableTiles} walkable tiles, ${result.map.locations} locations; interest radius ${result.interestRadius}; seed ${result.seed}`,
    `${result.node} on ${result.cpus.count}x ${result.cpus.model} (${result.platform}); other processes used ${result.otherProcessesCpuPercent ?? "?"}% of the CPU meanwhile; calibration ${result.calibrationMs} ms`,
    ...((result.otherProcessesCpuPercent ?? 0) > 5 ? ["warning: the machine was busy with other work; expect tick spikes that are not the room's"] : []),
    "",
    `${"ms".padEnd(label)} ${["p50", "p95", "p99", "max", "mean"].map((name) => name.padStart(9)).join("")}`,
    ...rows.map(([name, d]) => `${name.padEnd(label)} ${cell(d.p50)}${cell(d.p95)}${cell(d.p99)}${cell(d.max)}${cell(d.mean)}`),
    "",
    `target: tick p99 < ${result.target.tickP99Ms} ms -> ${result.target.met ? "met" : "MISSED"} (p99 ${result.tickMs.p99} ms)`,
    `traffic: ${result.bytesPerClientPerSecond} bytes/client/s (busiest client ${result.bytesPerClientPerSecondMax}), ${result.framesPerClientPerSecond} frames/client/s, join full state ${result.joinFullStateBytesMean} bytes`,
    `views: ${result.entitiesInViewPerClient.mean} entities within the interest radius per client (p95 ${result.entitiesInViewPerClient.p95}, max ${result.entitiesInViewPerClient.max}); ${result.interestViewsMean} shared views encoded per patch`,
    `messages: ${result.messagesPerSecond}/s in; events ${JSON.stringify(result.events)}; route cache ${result.routeCache.hits} hits / ${result.routeCache.misses} misses`,
    `gc: ${result.gc.count} collections in ${result.gc.ticksHit} ticks, ${result.gc.totalMs} ms total, longest ${result.gc.maxMs} ms; heap ${result.heapUsedMb} MB`,
    `moving entities per tick: ${result.movingEntitiesPerTick}`,
    "worst ticks:",
    ...result.worstTicks.map(
      (tick) =>
        `  #${tick.tick} ${tick.gameTime}: ${tick.ms} ms (simulation ${tick.simulationStepMs}, interest ${tick.interestMs}, serialization ${tick.serializationMs})${tick.gc ? ", GC" : ""}`,
    ),
    ...result.schemaWarnings.map((warning) => `schema warning x${warning.count}: ${warning.message}`),
    `run: setup ${result.setupSeconds} s, measured ${result.wallSeconds} s wall for ${(result.ticks * result.stepMs) / 1000} s of game (${result.realTimeFactor}x real time)`,
  ];
  return `${lines.join("\n")}\n`;
}
