/** What the load tool's coordinator and its worker processes say to each other over IPC. */

export interface WorkerPlan {
  workerIndex: number;
  /** Base URL for the SDK (http(s) or ws(s)). */
  url: string;
  world: string | undefined;
  /** Global client numbers this worker runs, each with its join time in ms after `startAt`. */
  clients: { number: number; joinAfterMs: number }[];
  /** Epoch ms at which the run starts (joins are scheduled from it) and ends. */
  startAt: number;
  endAt: number;
  moveHz: number;
  pingHz: number;
  spread: number;
  /** NPC lines per second this worker's clients say in total. */
  chatRate: number;
  seed: number;
}

/** Counters for one reporting window; the coordinator adds windows into totals. */
export interface WorkerWindow {
  workerIndex: number;
  connected: number;
  joinsOk: number;
  joinsFailed: number;
  joinMs: number[];
  /** Up to a few distinct join error messages, so the operator sees why. */
  joinErrors: string[];
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  patches: number;
  /** Sum over clients of the seconds each was connected in this window. */
  clientSeconds: number;
  rttMs: number[];
  replyFirstChunkMs: number[];
  replyFinalMs: number[];
  linesSaid: number;
  /** Talks not started because no agent was in the client's view. */
  talksWithoutAgent: number;
  replyTimeouts: number;
  /** Server `error` messages by code. */
  serverErrors: Record<string, number>;
  /** Connections closed before the run ended, by WebSocket close code. */
  disconnects: Record<string, number>;
  roomErrors: number;
  drops: number;
  reconnects: number;
  cpuMicros: number;
  eventLoopDelayP99Ms: number;
}

export type WorkerToCoordinator = { type: "window"; window: WorkerWindow } | { type: "done"; window: WorkerWindow };

export type CoordinatorToWorker = { type: "start"; plan: WorkerPlan };

export function emptyWindow(workerIndex: number): WorkerWindow {
  return {
    workerIndex,
    connected: 0,
    joinsOk: 0,
    joinsFailed: 0,
    joinMs: [],
    joinErrors: [],
    messagesIn: 0,
    messagesOut: 0,
    bytesIn: 0,
    patches: 0,
    clientSeconds: 0,
    rttMs: [],
    replyFirstChunkMs: [],
    replyFinalMs: [],
    linesSaid: 0,
    talksWithoutAgent: 0,
    replyTimeouts: 0,
    serverErrors: {},
    disconnects: {},
    roomErrors: 0,
    drops: 0,
    reconnects: 0,
    cpuMicros: 0,
    eventLoopDelayP99Ms: 0,
  };
}

export function countInto(counts: Record<string, number>, key: string | number, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}
