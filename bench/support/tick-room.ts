import { ClientState, SchemaSerializer, type Client } from "@colyseus/core";
import { standardValidate } from "@colyseus/core/utils/StandardSchema";
import type { StateView } from "@colyseus/schema";
import type { z } from "zod";
import type { StoredWorld } from "../../db/repositories/world-repository.ts";
import { createMetrics } from "../../src/http/metrics.ts";
import type { WorldEvent, WorldSimulation } from "../../src/world/simulation.ts";
import { WorldRoomCore } from "../../rooms/world-room-core.ts";
import { WorldState } from "../../rooms/world-state.ts";

/**
 * What the transport would send to one client: the bench stands in for a WebSocket connection and
 * only counts. SchemaSerializer reads `state`, `view` and calls `raw`, like it does on a real Client.
 */
export class BenchClient {
  state: ClientState = ClientState.JOINED;
  view: StateView | undefined;
  bytes = 0;
  frames = 0;

  constructor(readonly sessionId: string) {}

  raw(data: Uint8Array): void {
    this.bytes += data.byteLength;
    this.frames++;
  }
}

export interface RoomCounters {
  messagesIn: number;
  errorsSent: number;
  disconnects: number;
  noPath: number;
  inputRejected: number;
  /** Events the room hands to the agent engine each tick (RoomEngineLink.handle), which this bench leaves out. */
  observations: number;
  activitiesStarted: number;
  arrivals: number;
}

type Dispatch = (client: BenchClient, payload: unknown) => void;

/**
 * The world room's core (rooms/world-room-core.ts, what WorldRoom runs) with Colyseus' SchemaSerializer
 * and its message validation, and no transport, database or agent engine: nothing comes in from the
 * engine, and the events the core hands it are counted instead.
 */
export class TickRoom {
  readonly state = new WorldState();
  readonly serializer = new SchemaSerializer<WorldState>();
  readonly core: WorldRoomCore<BenchClient>;
  readonly clients: BenchClient[] = [];
  readonly counters: RoomCounters = { messagesIn: 0, errorsSent: 0, disconnects: 0, noPath: 0, inputRejected: 0, observations: 0, activitiesStarted: 0, arrivals: 0 };
  /** Bytes of the full state each joining client receives (Colyseus sends it right after onJoin). */
  joinBytes = 0;
  private readonly byId = new Map<string, BenchClient>();
  private readonly handlers = new Map<string, Dispatch>();
  private unknown: (client: BenchClient, type: string) => void = () => undefined;

  constructor(world: StoredWorld, sim: WorldSimulation, interestRadius: number) {
    // Colyseus' Room resets its serializer when the state is assigned, before onCreate fills it.
    this.serializer.reset(this.state);
    this.core = new WorldRoomCore(this.state, {
      world,
      sim,
      interestRadius,
      // The bench runs many times faster than real time, and the limiter reads the real clock: with
      // the server's 30/s it would refuse messages a real client sends at 1/s. Wide open, its cost stays.
      rateLimit: { perSecond: 1e9, burst: 1e9, disconnectAfterRefused: 1e9 },
      metrics: createMetrics(),
      channel: {
        clients: () => this.clients,
        client: (sessionId) => this.byId.get(sessionId),
        deliver: (_client, type) => {
          if (type === "error") this.counters.errorsSent++;
        },
        disconnect: () => {
          this.counters.disconnects++;
        },
      },
      inputs: () => [],
      events: (events) => this.count(events),
      // Simulated players in the tick benchmark move; they do not talk to agents.
      say: () => undefined,
    });
    this.core.routeMessages({
      on: (type, validator, handler) => this.handlers.set(type, this.validated(validator, handler)),
      onUnknown: (handler) => {
        this.unknown = handler;
      },
    });
  }

  get sim(): WorldSimulation {
    return this.core.sim;
  }

  /** WorldRoom.onJoin, then the full state Colyseus sends the new client. */
  join(sessionId: string, name: string, x: number, y: number): BenchClient {
    const client = new BenchClient(sessionId);
    this.clients.push(client);
    this.byId.set(sessionId, client);
    this.core.join(client, { name, x, y });
    this.joinBytes += this.serializer.getFullState(client as unknown as Client).byteLength;
    return client;
  }

  /** A message as Colyseus hands it to the room once the transport decoded it: validated, then to its handler. */
  receive(client: BenchClient, type: string, payload: unknown): void {
    this.counters.messagesIn++;
    const handler = this.handlers.get(type);
    if (handler) handler(client, payload);
    else this.unknown(client, type);
  }

  tick(deltaMs: number): void {
    this.core.tick(deltaMs);
  }

  /** Room.broadcastPatch: onBeforePatch updates the interest views, then the serializer encodes the shared changes once and each view once. */
  patch(): boolean {
    return this.core.timePatch(() => {
      this.core.beforePatch();
      return this.serializer.applyPatches(this.clients as unknown as Client[], this.state);
    });
  }

  private validated<T>(validator: z.ZodType<T>, handler: (client: BenchClient, message: T) => void): Dispatch {
    return (client, payload) => handler(client, standardValidate(validator, payload) as T);
  }

  private count(events: readonly WorldEvent[]): void {
    for (const event of events) {
      if (event.type === "no_path") this.counters.noPath++;
      else if (event.type === "input_rejected") this.counters.inputRejected++;
      else if (event.type === "observation") this.counters.observations++;
      else if (event.type === "activity_started") this.counters.activitiesStarted++;
      else if (event.type === "arrived") this.counters.arrivals++;
    }
  }
}
