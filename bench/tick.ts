/**
 * Tick benchmark: the world room's tick, headless. Runs the room's own core (rooms/world-room-core.ts:
 * tick, state, interest views, message routing) with Colyseus' SchemaSerializer, with simulated
 * players, at a fixed 50 ms step as fast as the machine goes, and prints tick-time percentiles.
 *
 *   npm run bench:tick -- --agents 200 --players 500 --json
 *
 * Profile it:  node --cpu-prof --cpu-prof-dir=tmp/prof --import tsx bench/tick.ts
 * then:        npx tsx bench/profile-summary.ts tmp/prof/<file>.cpuprofile
 */
import os from "node:os";
import { clockTimeToMinutes } from "../src/content/identifiers.ts";
import { clockLabel, describeGameTime, gameTimeOf } from "../src/shared-kernel/game-time.ts";
import { createRng } from "../src/world/rng.ts";
import { WorldSimulation } from "../src/world/simulation.ts";
import { buildBenchWorld } from "./support/bench-world.ts";
import { TickRoom } from "./support/tick-room.ts";
import { calibrationMs } from "./support/machine-load.ts";
import { MovingPlayers } from "./support/moving-players.ts";
import { distributionOf, round3 } from "./support/stats.ts";
import { measureTicks, type Measurement, type TickSamples } from "./support/tick-measurement.ts";
import { OptionsError, parseTickOptions, USAGE, type TickBenchOptions } from "./support/tick-options.ts";
import { formatTable, type TickBenchResult } from "./support/tick-report.ts";

/** The budget this benchmark checks: tick p99 (with serialization) under this many ms at 20 Hz. */
const TARGET_TICK_P99_MS = 8;
/** Game seconds per real second: the sample world's speed (one game minute per real second). */
const CLOCK_SPEED = 60;

async function main(): Promise<void> {
  try {
    const options = parseTickOptions(process.argv.slice(2));
    if (options === "help") {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    const result = await run(options);
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatTable(result));
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`bench:tick: ${error.message}\n`);
    process.exitCode = 2;
  }
}

async function run(options: TickBenchOptions): Promise<TickBenchResult> {
  const calibration = calibrationMs();
  const setupStarted = performance.now();
  const world = await buildBenchWorld(options.map, options.agents, options.seed);
  const { definition } = world;
  const stepMs = 1000 / definition.tickRate;
  const patchEvery = options.patchMs / stepMs;
  if (!Number.isInteger(patchEvery)) throw new OptionsError(`--patch-ms must be a multiple of the ${stepMs} ms step (got ${options.patchMs})`);
  const startMinute = clockTimeToMinutes(options.startTime ?? definition.clock.startTime);
  const gameTime = gameTimeOf(definition.clock.startDay, startMinute);
  const sim = new WorldSimulation(definition, world.agents, { seed: options.seed, gameTime, clockSpeed: CLOCK_SPEED });
  const room = new TickRoom({ id: definition.id, name: definition.name, definition, gameTime, clockSpeed: CLOCK_SPEED, rngState: null }, sim, options.interestRadius);
  const crowd = new MovingPlayers(createRng(options.seed * 31 + 7), sim.map, definition.locations, options.clickRange);
  const clientsById = new Map(crowd.create(options.players).map((player) => [player.sessionId, room.join(player.sessionId, player.name, player.joinAt.x, player.joinAt.y)]));
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const measurement = await measureTicks(room, crowd, clientsById, { warmup: options.warmup, ticks: options.ticks, stepMs, patchEvery, interestRadius: options.interestRadius });
  return summarize(options, room, measurement, { stepMs, startMinute, setupSeconds, calibration });
}

function summarize(options: TickBenchOptions, room: TickRoom, measurement: Measurement, run: { stepMs: number; startMinute: number; setupSeconds: number; calibration: number }): TickBenchResult {
  const { samples, perClient, gcTicks, collections, wallSeconds } = measurement;
  const { sim } = room;
  const measuredSeconds = (options.ticks * run.stepMs) / 1000;
  const clientCount = Math.max(1, perClient.length);
  const totalBytes = perClient.reduce((sum, client) => sum + client.bytes, 0);
  const totalFrames = perClient.reduce((sum, client) => sum + client.frames, 0);
  const tickMs = distributionOf(samples.tick);
  const views = distributionOf(measurement.viewSizes);
  const cpus = os.cpus();
  return {
    agents: options.agents,
    players: options.players,
    ticks: options.ticks,
    warmupTicks: options.warmup,
    tickRateHz: 1000 / run.stepMs,
    stepMs: run.stepMs,
    patchMs: options.patchMs,
    clockSpeed: CLOCK_SPEED,
    seed: options.seed,
    interestRadius: options.interestRadius,
    clickRange: options.clickRange,
    map: { name: options.map, chosenBy: options.mapChosenBy, width: sim.map.width, height: sim.map.height, walkableTiles: sim.map.blocked.filter((cell) => cell === 0).length, locations: sim.map.locations.length },
    gameClock: { start: clockLabel(run.startMinute), measuredGameMinutes: round3((measuredSeconds * CLOCK_SPEED) / 60) },
    tickMs,
    tickMsNoSerialization: distributionOf(samples.noSerialization),
    tickMsOnTicksWithoutGc: distributionOf(samples.tick.filter((_, i) => !gcTicks.has(i))),
    serializationMs: distributionOf(samples.serialization),
    phasesMs: {
      simulationStep: distributionOf(samples.simulate),
      interestUpdate: distributionOf(samples.interest),
      stateSyncAndRest: distributionOf(samples.noSerialization.map((total, i) => Math.max(0, total - samples.simulate[i]!))),
      patchEncoding: distributionOf(samples.serialization.map((total, i) => Math.max(0, total - samples.interest[i]!))),
      inputHandling: distributionOf(samples.input),
    },
    target: { tickP99Ms: TARGET_TICK_P99_MS, met: tickMs.p99 < TARGET_TICK_P99_MS },
    bytesPerClientPerSecond: Math.round(totalBytes / clientCount / measuredSeconds),
    bytesPerClientPerSecondMax: Math.round(Math.max(0, ...perClient.map((client) => client.bytes)) / measuredSeconds),
    framesPerClientPerSecond: round3(totalFrames / clientCount / measuredSeconds),
    joinFullStateBytesMean: Math.round(room.joinBytes / clientCount),
    entitiesInViewPerClient: { mean: views.mean, p95: views.p95, max: views.max },
    interestViewsMean: distributionOf(measurement.interestViews).mean,
    messagesPerSecond: round3(measurement.counters.messagesIn / measuredSeconds),
    events: { ...measurement.counters },
    routeCache: measurement.routes,
    gc: {
      count: collections.length,
      totalMs: round3(collections.reduce((sum, entry) => sum + entry.duration, 0)),
      maxMs: round3(Math.max(0, ...collections.map((entry) => entry.duration))),
      ticksHit: gcTicks.size,
    },
    movingEntitiesPerTick: round3(samples.moving.reduce((a, b) => a + b, 0) / Math.max(1, samples.moving.length)),
    worstTicks: worstTicks(samples, gcTicks),
    schemaWarnings: measurement.schemaWarnings,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6),
    setupSeconds: round3(run.setupSeconds),
    wallSeconds: round3(wallSeconds),
    realTimeFactor: round3(measuredSeconds / wallSeconds),
    node: process.version,
    cpus: { model: cpus[0]?.model.trim() ?? "unknown", count: cpus.length },
    platform: `${process.platform}-${process.arch}`,
    // Other processes on the machine show up as tick spikes that are not the room's.
    otherProcessesCpuPercent: measurement.otherProcessesCpuPercent,
    calibrationMs: run.calibration,
  };
}

/** The five slowest ticks with their phases, so that a spike can be told apart: GC, a schedule change, or encoding. */
function worstTicks(samples: TickSamples, gcTicks: ReadonlySet<number>): TickBenchResult["worstTicks"] {
  return samples.tick
    .map((ms, index) => ({ index, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map(({ index, ms }) => ({
      tick: index,
      gameTime: describeGameTime(samples.gameTime[index]!).label,
      ms: round3(ms),
      simulationStepMs: round3(samples.simulate[index]!),
      interestMs: round3(samples.interest[index]!),
      serializationMs: round3(samples.serialization[index]!),
      gc: gcTicks.has(index),
    }));
}

await main();
