import { ClientState, SchemaSerializer, type Client, type Room } from "@colyseus/core";
import type { StateView } from "@colyseus/schema";
import type { StoredWorld } from "../../db/repositories/world-repository.ts";
import { createMetrics } from "../../src/http/metrics.ts";
import type { WorldSimulation } from "../../src/world/simulation.ts";
import { InterestManager, type Viewer } from "../../rooms/interest.ts";
import { registerMessageHandlers } from "../../rooms/message-handlers.ts";
import { newPlayerState } from "../../rooms/state-sync.ts";
import type { WorldRoomDependencies } from "../../rooms/world-room.ts";
import { WorldState } from "../../rooms/world-state.ts";
import { WorldTicker } from "../../rooms/world-ticker.ts";

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

/**
 * WorldRoom (rooms/world-room.ts) without the network and the database: the same WorldTicker,
 * InterestManager, state schema, join sequence, message handlers and Colyseus SchemaSerializer,
 * wired the way the room and Colyseus' Room wire them. Absent: the transport, persistence, and the
 * agent engine (RoomEngineLink: its inputs() and handle(events) run in the room's tick but need a database);
 * the events it would be handed are counted instead.
 */
export class HeadlessRoom {
  readonly state = new WorldState();
  readonly serializer = new SchemaSerializer<WorldState>();
  readonly ticker: WorldTicker;
  readonly clients: BenchClient[] = [];
  readonly metrics = createMetrics();
  readonly counters: RoomCounters = { messagesIn: 0, errorsSent: 0, disconnects: 0, noPath: 0, inputRejected: 0, observations: 0, activitiesStarted: 0, arrivals: 0 };
  /** Bytes of the full state each joining client receives (Colyseus sends it right after onJoin). */
  joinBytes = 0;
  private readonly handlers = new Map<string, (client: Client, payload: unknown) => void>();

  constructor(
    readonly world: StoredWorld,
    sim: WorldSimulation,
    interestRadius: number,
  ) {
    // Colyseus' Room resets its serializer when the state is assigned, before onCreate fills it.
    this.serializer.reset(this.state);
    this.ticker = new WorldTicker(sim, this.state, new InterestManager(interestRadius), 1000 / world.definition.tickRate);
    this.state.worldId = world.id;
    this.state.worldName = world.name;
    registerMessageHandlers(this.fakeRoom(), {
      deps: this.dependencies(),
      world: () => this.world,
      sim: () => this.ticker.sim,
      enqueue: (input) => this.ticker.enqueue(input),
      // Simulated players in the tick benchmark move; they do not talk to agents.
      say: () => undefined,
      send: () => undefined,
      sendError: () => {
        this.counters.errorsSent++;
      },
      disconnect: () => {
        this.counters.disconnects++;
      },
      closeCodes: { INVALID_MESSAGE: 4400, AUTH_FAILED: 4401, RATE_LIMITED: 4429 },
    });
  }

  get sim(): WorldSimulation {
    return this.ticker.sim;
  }

  /** WorldRoom.onJoin, then the full state Colyseus sends the new client. */
  join(sessionId: string, name: string, x: number, y: number): BenchClient {
    const client = new BenchClient(sessionId);
    this.clients.push(client);
    this.ticker.enqueue({ type: "player_join", playerId: sessionId, name, x, y });
    this.handleEvents(this.ticker.applyNow());
    const player = this.sim.players.get(sessionId)!;
    this.state.players.set(sessionId, newPlayerState(player));
    this.ticker.interest.join({ id: sessionId, client, x: player.x, y: player.y }, this.ticker.visibleEntities());
    this.joinBytes += this.serializer.getFullState(client as unknown as Client).byteLength;
    return client;
  }

  /** A message as the room's onMessage handlers get it (after the transport decoded it). */
  receive(client: BenchClient, type: string, payload: unknown): void {
    const handler = this.handlers.get(type) ?? this.handlers.get("*");
    this.counters.messagesIn++;
    handler?.(client as unknown as Client, payload);
  }

  /** WorldRoom.tick: one ticker tick, events handled, duration observed. */
  tick(deltaMs: number): void {
    const started = performance.now();
    this.handleEvents(this.ticker.tick(deltaMs));
    this.metrics.tickDuration.observe({ world: this.world.id }, (performance.now() - started) / 1000);
  }

  /** Room.broadcastPatch: onBeforePatch updates the interest views, then the serializer encodes the shared changes once and each view once. */
  patch(): boolean {
    this.ticker.updateInterest(this.viewers());
    return this.serializer.applyPatches(this.clients as unknown as Client[], this.state);
  }

  private viewers(): Viewer[] {
    const viewers: Viewer[] = [];
    for (const client of this.clients) {
      const player = this.sim.players.get(client.sessionId);
      if (player && client.view) viewers.push({ id: client.sessionId, client, x: player.x, y: player.y });
    }
    return viewers;
  }

  private handleEvents(events: readonly { type: string }[]): void {
    for (const event of events) {
      if (event.type === "no_path") this.counters.noPath++;
      else if (event.type === "input_rejected") this.counters.inputRejected++;
      else if (event.type === "observation") this.counters.observations++;
      else if (event.type === "activity_started") this.counters.activitiesStarted++;
      else if (event.type === "arrived") this.counters.arrivals++;
    }
  }

  private fakeRoom(): Room {
    const onMessage = (type: string, handler: (client: Client, payload: unknown) => void) => {
      this.handlers.set(type, handler);
    };
    return { onMessage } as unknown as Room;
  }

  private dependencies(): WorldRoomDependencies {
    return {
      metrics: this.metrics,
      // The bench runs many times faster than real time, and the limiter reads the real clock: with
      // the server's 30/s it would refuse messages a real client sends at 1/s. Wide open, its cost stays.
      rateLimit: { perSecond: 1e9, burst: 1e9, disconnectAfterRefused: 1e9 },
      interestRadius: 0,
    } as unknown as WorldRoomDependencies;
  }
}
