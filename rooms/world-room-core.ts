import type { StateView } from "@colyseus/schema";
import type { StoredWorld } from "../db/repositories/world-repository.ts";
import type { Metrics } from "../src/shared-kernel/metrics.ts";
import type { PlayerSim } from "../src/world/entities.ts";
import type { WorldEvent, WorldInput, WorldSimulation } from "../src/world/simulation.ts";
import type { ClientMessage } from "./client-messages.ts";
import { InterestManager, type Viewer } from "./interest.ts";
import { registerMessageHandlers, type MessageRegistrar } from "./message-handlers.ts";
import type { RateLimitOptions } from "../src/shared-kernel/rate-limiter.ts";
import type { MessageErrorCode, ServerMessage, ServerMessageType } from "./server-messages.ts";
import { newPlayerState } from "./state-sync.ts";
import type { WorldState } from "./world-state.ts";
import { WorldTicker } from "./world-ticker.ts";

/** A connected client: a Colyseus Client, or the tick benchmark's stand-in for one. */
export interface CoreClient {
  readonly sessionId: string;
  view?: StateView | undefined;
}

/** How the core reaches the clients: the room's transport, or the benchmark's counters. */
export interface ClientChannel<C extends CoreClient> {
  clients(): Iterable<C>;
  client(sessionId: string): C | undefined;
  deliver(client: C, type: ServerMessageType, payload: ServerMessage<ServerMessageType>): void;
  disconnect(client: C, code: number, reason: string): void;
}

export interface WorldRoomCoreOptions<C extends CoreClient> {
  world: StoredWorld;
  sim: WorldSimulation;
  interestRadius: number;
  rateLimit: RateLimitOptions;
  metrics: Pick<Metrics, "tickDuration" | "patchDuration" | "messagesIn" | "messagesOut" | "messagesRejected">;
  channel: ClientChannel<C>;
  /** Inputs from outside the room (the agent engine's finished jobs), taken at the start of each tick. */
  inputs(): Iterable<WorldInput>;
  /** Every batch of events the simulation emits (the agent engine observes them). */
  events(events: readonly WorldEvent[]): void;
  /** A player's valid `say`: talking to agents is the room's business (storage, the agent engine). */
  say(client: C, message: ClientMessage<"say">): void;
}

/**
 * The world room without Colyseus' lifecycle, the database or the agent engine: the simulation, the
 * replicated state and its interest views, players joining and leaving, the tick, the patch and the
 * routing of client messages. WorldRoom runs it behind Colyseus; the tick benchmark runs it as is.
 */
export class WorldRoomCore<C extends CoreClient> {
  readonly ticker: WorldTicker;
  private current: StoredWorld;

  constructor(
    readonly state: WorldState,
    private readonly options: WorldRoomCoreOptions<C>,
  ) {
    this.current = options.world;
    this.ticker = new WorldTicker(options.sim, state, new InterestManager(options.interestRadius), 1000 / options.world.definition.tickRate);
    state.worldId = options.world.id;
    state.worldName = options.world.name;
  }

  get world(): StoredWorld {
    return this.current;
  }

  get sim(): WorldSimulation {
    return this.ticker.sim;
  }

  /** Routes client messages to their handlers (rate limit, zod verdict, then the world). */
  routeMessages(registrar: MessageRegistrar<C>): void {
    registerMessageHandlers(registrar, {
      map: () => this.world.definition.map,
      sim: () => this.sim,
      enqueue: (input) => this.ticker.enqueue(input),
      say: (client, message) => this.options.say(client, message),
      send: (client, type, payload) => this.send(client, type, payload),
      sendError: (client, code, message, type) => this.sendError(client, code, message, type),
      disconnect: (client, code, reason) => this.options.channel.disconnect(client, code, reason),
      rateLimit: this.options.rateLimit,
      metrics: this.options.metrics,
    });
  }

  /** A player's character enters the world at once, so the client's first patch already contains it. */
  join(client: C, character: { name: string; x: number; y: number }): void {
    this.ticker.enqueue({ type: "player_join", playerId: client.sessionId, name: character.name, x: character.x, y: character.y });
    this.handleEvents(this.ticker.applyNow());
    const player = this.sim.players.get(client.sessionId)!;
    this.state.players.set(client.sessionId, newPlayerState(player));
    this.ticker.interest.join({ id: client.sessionId, client, x: player.x, y: player.y }, this.ticker.visibleEntities());
  }

  /** A dropped client came back: the view it held while away may have been a one-patch transition view; the full state sent next is encoded from this one. */
  rejoin(client: C): void {
    const player = this.sim.players.get(client.sessionId);
    if (player) this.ticker.interest.join({ id: client.sessionId, client, x: player.x, y: player.y }, this.ticker.visibleEntities());
  }

  /** The player's character leaves the world; returns where it stood, for whoever keeps it. */
  leave(sessionId: string): Pick<PlayerSim, "x" | "y" | "direction"> | undefined {
    const player = this.sim.players.get(sessionId);
    const last = player ? { x: player.x, y: player.y, direction: player.direction } : undefined;
    this.ticker.enqueue({ type: "player_leave", playerId: sessionId });
    this.ticker.interest.forget(sessionId);
    this.ticker.interest.removeEverywhere(sessionId);
    this.state.players.delete(sessionId);
    return last;
  }

  /** Applies one input at once, without advancing time (admin changes). */
  applyNow(input: WorldInput): void {
    this.ticker.enqueue(input);
    this.handleEvents(this.ticker.applyNow());
  }

  /** Swaps in a rebuilt simulation of the (reloaded) world; the players in it stay where they are. */
  replace(world: StoredWorld, sim: WorldSimulation): void {
    const players = [...this.sim.players.values()];
    this.current = world;
    this.ticker.replaceSimulation(sim);
    for (const player of players) this.ticker.enqueue({ type: "player_join", playerId: player.id, name: player.name, x: player.x, y: player.y });
    this.handleEvents(this.ticker.applyNow());
  }

  /** One room tick for `deltaMs` of real time: outside inputs in, the simulation stepped, events out. */
  tick(deltaMs: number): void {
    const started = performance.now();
    for (const input of this.options.inputs()) this.ticker.enqueue(input);
    this.handleEvents(this.ticker.tick(deltaMs));
    this.options.metrics.tickDuration.observe({ world: this.world.id }, (performance.now() - started) / 1000);
  }

  /** Brings the interest views up to date; run right before each patch (Room.onBeforePatch). */
  beforePatch(): void {
    this.ticker.updateInterest(this.viewers());
  }

  /** Times one patch (`encode` runs beforePatch and the serializer): interest views and encoding are much of a busy room's cost. */
  timePatch(encode: () => boolean): boolean {
    const started = performance.now();
    const sent = encode();
    this.options.metrics.patchDuration.observe({ world: this.world.id }, (performance.now() - started) / 1000);
    return sent;
  }

  send<T extends ServerMessageType>(client: C, type: T, payload: ServerMessage<T>): void {
    this.options.channel.deliver(client, type, payload);
    this.options.metrics.messagesOut.inc({ type });
  }

  sendError(client: C, code: MessageErrorCode, message: string, messageType?: string): void {
    this.send(client, "error", { code, message, ...(messageType ? { type: messageType } : {}) });
  }

  private handleEvents(events: readonly WorldEvent[]): void {
    this.options.events(events);
    for (const event of events) {
      if (event.type === "no_path") {
        const client = this.options.channel.client(event.entityId);
        if (client) this.sendError(client, "no_path", `no walkable path to (${event.to.x}, ${event.to.y})`);
      }
    }
  }

  private viewers(): Viewer[] {
    const viewers: Viewer[] = [];
    for (const client of this.options.channel.clients()) {
      const player = this.sim.players.get(client.sessionId);
      if (player && client.view) viewers.push({ id: client.sessionId, client, x: player.x, y: player.y });
    }
    return viewers;
  }
}
