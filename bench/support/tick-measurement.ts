import type { WorldSimulation } from "../../src/world/simulation.ts";
import type { BenchClient, RoomCounters, TickRoom } from "./tick-room.ts";
import type { MovingPlayers } from "./moving-players.ts";
import { distributionOf, PhaseTimer } from "./stats.ts";
import { MachineLoad } from "./machine-load.ts";
import { captureSchemaWarnings, GcWatch, ticksHitBy, type Collection } from "./run-watchers.ts";

/** Progress lines on stderr at most this often (ms of wall time). */
const PROGRESS_EVERY_MS = 2000;
/** How often (ticks) to count the entities within each client's interest radius. */
const VIEW_SAMPLE_EVERY_TICKS = 100;

export interface MeasurementPlan {
  warmup: number;
  ticks: number;
  stepMs: number;
  /** Patches are encoded after every this many ticks (Colyseus patchRate / step). */
  patchEvery: number;
  interestRadius: number;
}

/** Per measured tick, in ms; index i of every array is the same tick. */
export interface TickSamples {
  tick: number[];
  noSerialization: number[];
  serialization: number[];
  simulate: number[];
  interest: number[];
  input: number[];
  gameTime: number[];
  moving: number[];
}

export interface Measurement {
  samples: TickSamples;
  /** Entities within the interest radius of each client, sampled every VIEW_SAMPLE_EVERY_TICKS. */
  viewSizes: number[];
  /** Shared interest views in use, sampled every VIEW_SAMPLE_EVERY_TICKS. */
  interestViews: number[];
  /** Measured ticks a garbage collection overlapped. */
  gcTicks: Set<number>;
  collections: Collection[];
  /** What the clients received and the room counted during the measured ticks only. */
  perClient: { bytes: number; frames: number }[];
  counters: RoomCounters;
  routes: { hits: number; misses: number };
  schemaWarnings: { message: string; count: number }[];
  wallSeconds: number;
  /** CPU share other processes took from the machine while the measured ticks ran (null off Linux). */
  otherProcessesCpuPercent: number | null;
}

/**
 * Runs warm-up then measured ticks back to back, as a room would run them at 20 Hz but without
 * waiting: the simulated players' messages go through the room's handlers, then the room ticks, then
 * (every patchEvery ticks) Colyseus encodes the patches. Only the tick and the patch are timed as "tick".
 */
export async function measureTicks(room: TickRoom, crowd: MovingPlayers, clientsById: ReadonlyMap<string, BenchClient>, plan: MeasurementPlan): Promise<Measurement> {
  const warnings = captureSchemaWarnings();
  try {
    // Phase breakdown: time the simulation step (in the tick) and the interest update (in the patch) on these instances (no source changes).
    const simulate = timeCalls(room.sim, "step");
    const interest = timeCalls(room.core.ticker.interest, "update");
    const samples: TickSamples = { tick: [], noSerialization: [], serialization: [], simulate: [], interest: [], input: [], gameTime: [], moving: [] };
    const spans: { start: number; end: number }[] = [];
    const viewSizes: number[] = [];
    const interestViews: number[] = [];
    const gc = new GcWatch();
    let before = snapshot(room);
    let measureStartedAt = 0;
    let machine: MachineLoad | undefined;
    let lastProgress = performance.now();
    let gameMs = 0;

    for (let tick = 0; tick < plan.warmup + plan.ticks; tick++) {
      const measured = tick - plan.warmup;
      if (measured === 0) {
        simulate.take();
        interest.take();
        before = snapshot(room);
        gc.start();
        machine = new MachineLoad();
        measureStartedAt = performance.now();
      }
      gameMs += plan.stepMs;

      // Messages that arrived during this step go through the room's handlers (rate limit, zod, enqueue).
      const inputStarted = performance.now();
      crowd.messagesDue(gameMs, (id) => room.sim.players.get(id), (player, message) => room.receive(clientsById.get(player.sessionId)!, message.type, message.payload));
      const tickStarted = performance.now();
      room.tick(plan.stepMs);
      const tickEnded = performance.now();
      if ((tick + 1) % plan.patchEvery === 0) room.patch();
      const patchEnded = performance.now();

      if (measured >= 0) {
        samples.input.push(tickStarted - inputStarted);
        samples.noSerialization.push(tickEnded - tickStarted);
        samples.serialization.push(patchEnded - tickEnded);
        samples.tick.push(patchEnded - tickStarted);
        samples.simulate.push(simulate.take());
        samples.interest.push(interest.take());
        samples.gameTime.push(room.sim.clock.gameTime);
        samples.moving.push(countMoving(room.sim));
        spans.push({ start: tickStarted, end: patchEnded });
        if (measured % VIEW_SAMPLE_EVERY_TICKS === 0) {
          viewSizes.push(...entitiesInView(room, plan.interestRadius));
          interestViews.push(room.core.ticker.interest.viewCount);
        }
      }
      if (patchEnded - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = patchEnded;
        const phase = measured >= 0 ? `measuring ${measured + 1}/${plan.ticks}` : `warm-up ${tick + 1}/${plan.warmup}`;
        const p99 = measured >= 0 ? `, tick p99 so far ${distributionOf(samples.tick).p99} ms` : "";
        process.stderr.write(`bench:tick: ${phase} ticks${p99}\n`);
      }
    }
    const wallSeconds = (performance.now() - measureStartedAt) / 1000;
    const otherProcessesCpuPercent = machine?.otherProcessesCpuPercent() ?? null;
    const collections = await gc.stop();
    const after = snapshot(room);
    return {
      samples,
      viewSizes,
      interestViews,
      gcTicks: ticksHitBy(collections, spans),
      collections,
      perClient: room.clients.map((client) => {
        const start = before.clients.get(client.sessionId) ?? { bytes: 0, frames: 0 };
        return { bytes: client.bytes - start.bytes, frames: client.frames - start.frames };
      }),
      counters: Object.fromEntries(Object.entries(after.counters).map(([key, value]) => [key, value - before.counters[key as keyof RoomCounters]])) as unknown as RoomCounters,
      routes: { hits: after.routes.hits - before.routes.hits, misses: after.routes.misses - before.routes.misses },
      schemaWarnings: warnings.summary(),
      wallSeconds,
      otherProcessesCpuPercent,
    };
  } finally {
    warnings.restore();
  }
}

function snapshot(room: TickRoom) {
  return {
    clients: new Map(room.clients.map((client) => [client.sessionId, { bytes: client.bytes, frames: client.frames }])),
    counters: { ...room.counters },
    routes: { hits: room.sim.routes.hits, misses: room.sim.routes.misses },
  };
}

/** Replaces `object[method]` on this instance only with a version that adds its duration to a timer. */
function timeCalls<T extends object, K extends keyof T>(object: T, method: K): PhaseTimer {
  const timer = new PhaseTimer();
  const original = object[method] as unknown as (...args: unknown[]) => unknown;
  (object as Record<K, unknown>)[method] = (...args: unknown[]) => {
    timer.start();
    try {
      return original.apply(object, args);
    } finally {
      timer.stop();
    }
  };
  return timer;
}

/** Entities (agents and players, the client's own included) within the interest radius of each client. */
function entitiesInView(room: TickRoom, radius: number): number[] {
  const everyone = [...room.sim.agents.values(), ...room.sim.players.values()];
  const counts: number[] = [];
  for (const client of room.clients) {
    const self = room.sim.players.get(client.sessionId);
    if (!self) continue;
    let count = 0;
    for (const other of everyone) if ((other.x - self.x) ** 2 + (other.y - self.y) ** 2 <= radius * radius) count++;
    counts.push(count);
  }
  return counts;
}

/** Entities that moved this step: each one is a changed schema instance the patch encoder walks. */
function countMoving(sim: WorldSimulation): number {
  let count = 0;
  for (const agent of sim.agents.values()) if (agent.moving) count++;
  for (const player of sim.players.values()) if (player.moving) count++;
  return count;
}
