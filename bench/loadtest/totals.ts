import { countInto, emptyWindow, type WorkerWindow } from "./worker-messages.ts";

const SUMMED = ["joinsOk", "joinsFailed", "messagesIn", "messagesOut", "bytesIn", "patches", "clientSeconds", "linesSaid", "talksWithoutAgent", "replyTimeouts", "roomErrors", "drops", "reconnects", "cpuMicros"] as const satisfies readonly (keyof WorkerWindow)[];

/** The sum of every window the workers reported; `connected` is the sum of each worker's latest count. */
export class RunTotals {
  readonly all = emptyWindow(-1);
  private readonly connectedByWorker = new Map<number, number>();
  private readonly loopDelayByWorker = new Map<number, number>();
  eventLoopDelayMaxP99Ms = 0;
  /** Round trips measured once every client had joined (after the ramp), when the load is steady. */
  readonly steadyRttMs: number[] = [];

  /** `steady`: the window closed after the ramp. */
  add(window: WorkerWindow, steady: boolean): void {
    if (steady) append(this.steadyRttMs, window.rttMs);
    const all = this.all;
    this.connectedByWorker.set(window.workerIndex, window.connected);
    this.loopDelayByWorker.set(window.workerIndex, window.eventLoopDelayP99Ms);
    this.eventLoopDelayMaxP99Ms = Math.max(this.eventLoopDelayMaxP99Ms, window.eventLoopDelayP99Ms);
    for (const key of SUMMED) all[key] += window[key];
    for (const error of window.joinErrors) if (all.joinErrors.length < 5 && !all.joinErrors.includes(error)) all.joinErrors.push(error);
    append(all.joinMs, window.joinMs);
    append(all.rttMs, window.rttMs);
    append(all.replyFirstChunkMs, window.replyFirstChunkMs);
    append(all.replyFinalMs, window.replyFinalMs);
    for (const [code, count] of Object.entries(window.serverErrors)) countInto(all.serverErrors, code, count);
    for (const [code, count] of Object.entries(window.disconnects)) countInto(all.disconnects, code, count);
  }

  get connected(): number {
    let sum = 0;
    for (const count of this.connectedByWorker.values()) sum += count;
    return sum;
  }

  /** The worst event-loop delay p99 among the workers' latest windows (a busy load generator shows here first). */
  get currentEventLoopDelayP99Ms(): number {
    return Math.max(0, ...this.loopDelayByWorker.values());
  }
}

function append(into: number[], from: readonly number[]): void {
  for (const value of from) into.push(value);
}
