import { CloseCode, ErrorCode, Room, ServerError, type AuthContext, type Client } from "@colyseus/core";
import type pg from "pg";
import { findWorld, type StoredWorld } from "../db/repositories/world-repository.ts";
import { LiveStateWriter } from "../db/write-behind.ts";
import type { TokenService } from "../src/auth/tokens.ts";
import type { Metrics } from "../src/shared-kernel/metrics.ts";
import type { Logger } from "../src/log.ts";
import type { WorldEvent } from "../src/world/simulation.ts";
import { CloseCodes } from "./client-messages.ts";
import type { GuestJoinLimit } from "./guest-join-limit.ts";
import { InterestManager } from "./interest.ts";
import { joinAddress } from "./join-address.ts";
import { describeJoinOptionsError, JoinOptionsSchema, type JoinOptions } from "./join-options.ts";
import { registerMessageHandlers, type MessageContextForRoom } from "./message-handlers.ts";
import { resolveIdentity, type PlayerIdentity } from "./player-identity.ts";
import { buildSimulation, type ClockChange } from "./simulation-loader.ts";
import { LiveStateTracker } from "./live-state-tracker.ts";
import type { RateLimitOptions } from "../src/shared-kernel/rate-limiter.ts";
import { newPlayerState } from "./state-sync.ts";
import { WorldState } from "./world-state.ts";
import { WorldTicker } from "./world-ticker.ts";
import { worldTakenError } from "./one-room-per-world.ts";
import type { WorldClaim, WorldOwnership } from "../src/scale/world-ownership.ts";
import { RoomEngineLink, type EngineLinkDependencies } from "./room-engine-link.ts";
import { RoomChat } from "./room-chat.ts";
import type { MessageErrorCode, ServerMessage, ServerMessageType } from "./server-messages.ts";

export const WORLD_ROOM = "world";
// How long a dropped connection may take to come back before its character leaves the world.
const RECONNECT_SECONDS = 20;

export interface WorldRoomDependencies {
  pool: pg.Pool;
  defaultWorldId: string;
  log: Logger;
  metrics: Metrics;
  tokens: TokenService;
  guestTokens: TokenService;
  allowGuests: boolean;
  guestJoins: GuestJoinLimit;
  flushIntervalMs: number;
  interestRadius: number;
  rateLimit: RateLimitOptions;
  /** Writers of every live room, so /health can tell when the database is behind. */
  writers: Set<LiveStateWriter>;
  /** Claims a world for one room at a time (across processes with Redis). */
  ownership: WorldOwnership;
  mind: Omit<EngineLinkDependencies, "pool" | "metrics" | "log">;
}

interface ClientData {
  identity: PlayerIdentity;
}

/**
 * One room per world and the only writer of its state. A fixed-timestep tick applies queued inputs,
 * advances the pure simulation and copies the result into the replicated schema; it never awaits I/O.
 * Live state and agents' minds reach the database write-behind every FLUSH_INTERVAL_MS.
 */
export class WorldRoom extends Room<{ state: WorldState; client: Client<{ userData: ClientData }> }> {
  // The world goes on with nobody connected (its clock, its agents' schedules): the room closes only at shutdown.
  override autoDispose = false;
  protected deps!: WorldRoomDependencies;
  override state = new WorldState();
  private world!: StoredWorld;
  private ticker!: WorldTicker;
  private writer!: LiveStateWriter;
  private tracker!: LiveStateTracker;
  private mind!: RoomEngineLink;
  private chat!: RoomChat;
  private claim?: WorldClaim;

  override async onCreate(rawOptions: unknown) {
    const options = parseJoinOptions(rawOptions);
    const worldId = options.world ?? this.deps.defaultWorldId;
    // Claimed before anything is loaded: a second room for the world never plans its agents or writes.
    this.claim = await this.deps.ownership.claim(worldId, (reason) => void this.giveUpWorld(reason));
    if (!this.claim) throw worldTakenError(worldId);
    const world = await findWorld(this.deps.pool, worldId);
    if (!world) {
      throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, `world "${worldId}" does not exist; load it with npm run agents:load -- worlds/${worldId}`);
    }
    this.world = world;
    const stepMs = 1000 / world.definition.tickRate;
    this.ticker = new WorldTicker(await buildSimulation(this.deps.pool, world), this.state, new InterestManager(this.deps.interestRadius), stepMs);
    this.tracker = new LiveStateTracker(world.id);
    this.writer = new LiveStateWriter(this.deps.pool, {
      flushed: (seconds) => this.deps.metrics.flushDuration.observe(seconds),
      failed: (error, pending) => {
        this.deps.metrics.flushFailures.inc();
        this.deps.log.warn({ world: world.id, pending, err: error.message }, "flush failed; state stays queued and is retried");
      },
    });
    this.deps.writers.add(this.writer);
    this.chat = new RoomChat({
      deps: this.deps,
      world: () => this.world,
      sim: () => this.sim,
      mind: () => this.mind,
      clients: () => this.clients,
      client: (sessionId) => this.clients.getById(sessionId),
      send: (client, type, payload) => this.sendMessage(client, type, payload),
      sendError: (client, code, message, type) => this.sendError(client, code, message, type),
    });
    this.mind = await RoomEngineLink.start({ ...this.deps.mind, pool: this.deps.pool, metrics: this.deps.metrics, log: this.deps.log }, world.definition, () => this.sim, (line) => this.chat.deliver(line), (sessionId) => this.characterOf(sessionId));

    this.state.worldId = world.id;
    this.state.worldName = world.name;
    this.setMetadata({ world: world.id });
    registerMessageHandlers(this, this.messageContext());
    this.setTimestep((deltaMs) => this.tick(deltaMs), stepMs);
    this.patchRate = 1000 / world.definition.patchRate;
    this.clock.setInterval(() => void this.flush(), this.deps.flushIntervalMs);
    this.deps.metrics.agents.set({ world: world.id }, this.sim.agents.size);
    this.deps.log.info({ roomId: this.roomId, world: world.id, agents: this.sim.agents.size }, "world room created");
  }

  override async onAuth(_client: Client, rawOptions: unknown, context: AuthContext): Promise<PlayerIdentity> {
    const options = parseJoinOptions(rawOptions);
    return resolveIdentity(this.deps, this.world.id, this.world.definition.spawn, {
      token: options.token ?? context.token,
      guestToken: options.guestToken,
      name: options.name,
      address: joinAddress(context),
    });
  }

  override onJoin(client: Client<{ userData: ClientData }>, _options: unknown, identity: PlayerIdentity) {
    const { character } = identity;
    const alreadyHere = this.clients.find((other) => other !== client && other.userData?.identity.character.id === character.id);
    if (alreadyHere) alreadyHere.leave(CloseCode.CONSENTED, "this character joined from another connection");
    client.userData = { identity };
    this.ticker.enqueue({ type: "player_join", playerId: client.sessionId, name: character.name, x: character.x, y: character.y });
    // Apply the join now so the client's first patch already contains its own character.
    this.handleEvents(this.ticker.applyNow());
    const player = this.sim.players.get(client.sessionId)!;
    this.state.players.set(client.sessionId, newPlayerState(player));
    this.ticker.interest.join({ id: client.sessionId, client, x: player.x, y: player.y }, this.ticker.visibleEntities());
    this.sendMessage(client, "welcome", {
      sessionId: client.sessionId,
      characterId: character.id,
      name: character.name,
      role: identity.role,
      ...(identity.guestToken ? { guestToken: identity.guestToken } : {}),
    });
    this.deps.metrics.clients.set({ world: this.world.id }, this.clients.length);
    this.mind.playersChanged(this.clients.length);
  }

  /** A connection lost without a goodbye may come back within RECONNECT_SECONDS, character and conversation intact. */
  override async onDrop(client: Client<{ userData: ClientData }>, code?: number) {
    // Clients this server disconnected on purpose do not come back; Colyseus calls onLeave next. 4010 is the
    // client's own "may try to reconnect" (a browser going offline closes with it, then reconnects at once).
    if (code !== undefined && code >= 4000 && code !== CloseCode.MAY_TRY_RECONNECT) return;
    this.chat.dropped(client.sessionId);
    try {
      await this.allowReconnection(client, RECONNECT_SECONDS);
    } catch {
      // Not back in time: Colyseus calls onLeave next.
    }
  }

  override onReconnect(client: Client<{ userData: ClientData }>) {
    // The view held while away may have been a one-patch transition view; the full state sent next is encoded from this one.
    const player = this.sim.players.get(client.sessionId);
    if (player) this.ticker.interest.join({ id: client.sessionId, client, x: player.x, y: player.y }, this.ticker.visibleEntities());
    this.chat.reconnected(client);
  }

  override onLeave(client: Client<{ userData: ClientData }>) {
    this.chat.left(client.sessionId);
    this.mind.playerLeft(client.sessionId);
    const player = this.sim.players.get(client.sessionId);
    const characterId = client.userData?.identity.character.id;
    if (player && characterId) this.writer.putCharacter({ id: characterId, x: player.x, y: player.y, direction: player.direction });
    this.ticker.enqueue({ type: "player_leave", playerId: client.sessionId });
    this.ticker.interest.forget(client.sessionId);
    this.ticker.interest.removeEverywhere(client.sessionId);
    this.state.players.delete(client.sessionId);
    const remaining = this.clients.filter((other) => other !== client).length;
    this.deps.metrics.clients.set({ world: this.world.id }, remaining);
    this.mind.playersChanged(remaining);
  }

  override async onDispose() {
    try {
      if (!this.writer) return; // onCreate failed: nothing was loaded, nothing to save
      await this.mind.dispose();
      this.captureLiveState();
      await this.flush();
      this.deps.writers.delete(this.writer);
      this.deps.metrics.clients.remove({ world: this.world.id });
      this.deps.metrics.agents.remove({ world: this.world.id });
    } finally {
      // Only once its state is saved may another room open the world.
      await this.claim?.release();
    }
  }

  /** Another process may open the world soon: stop writing it (players are disconnected, state flushed). */
  private async giveUpWorld(reason: string) {
    this.deps.log.error({ roomId: this.roomId, world: this.state.worldId, reason }, "world room closes: it can no longer be sure it is the world's only writer");
    try {
      await this.disconnect(CloseCode.SERVER_SHUTDOWN);
    } catch (error) {
      this.deps.log.error({ roomId: this.roomId, err: (error as Error).message }, "world room could not close");
    }
  }

  /** Admin: move or pause the clock. Agents switch to the schedule slot of the new time at once. */
  adminSetClock(change: ClockChange) {
    this.ticker.enqueue({ type: "set_clock", gameTime: change.gameTime, speed: change.speed });
    this.handleEvents(this.ticker.applyNow());
    this.ticker.publishClock(true);
    return { gameTime: this.sim.clock.gameTime, speed: this.sim.clock.speed };
  }

  /** Admin: pick up agent changes loaded into the database; agents keep their live positions. */
  async adminReloadAgents() {
    this.captureLiveState();
    await this.flush();
    const world = await findWorld(this.deps.pool, this.world.id);
    if (!world) throw new Error(`world "${this.world.id}" was deleted from the database`);
    this.world = world;
    const players = [...this.sim.players.values()];
    const sim = await buildSimulation(this.deps.pool, world, this.sim.snapshot().rngState);
    this.ticker.replaceSimulation(sim);
    for (const player of players) this.ticker.enqueue({ type: "player_join", playerId: player.id, name: player.name, x: player.x, y: player.y });
    this.handleEvents(this.ticker.applyNow());
    await this.mind.rebuild();
    this.deps.metrics.agents.set({ world: world.id }, this.sim.agents.size);
    return { agents: this.sim.agents.size };
  }

  /** Flushes pending live state now; resolves when it is in the database (or rejects if it is down). */
  async flush(): Promise<void> {
    this.captureLiveState();
    this.deps.metrics.flushQueueDepth.set({ world: this.world.id }, this.writer.pending);
    await Promise.all([this.writer.flush().catch(() => undefined), this.mind.flush()]);
    this.deps.metrics.flushQueueDepth.set({ world: this.world.id }, this.writer.pending);
  }

  override onBeforePatch() {
    this.ticker?.updateInterest(this.viewers());
  }

  /** Timed, because updating the interest views and encoding one patch per view is much of a busy room's cost. */
  override broadcastPatch(): boolean {
    const started = performance.now();
    const sent = super.broadcastPatch();
    if (this.world) this.deps.metrics.patchDuration.observe({ world: this.world.id }, (performance.now() - started) / 1000);
    return sent;
  }

  private get sim() {
    return this.ticker.sim;
  }

  private tick(deltaMs: number) {
    const started = performance.now();
    for (const input of this.mind.inputs()) this.ticker.enqueue(input);
    this.handleEvents(this.ticker.tick(deltaMs));
    this.deps.metrics.tickDuration.observe({ world: this.world.id }, (performance.now() - started) / 1000);
  }

  private handleEvents(events: readonly WorldEvent[]) {
    this.mind?.handle(events);
    for (const event of events) {
      if (event.type === "no_path") {
        const client = this.clients.getById(event.entityId);
        if (client) this.sendError(client, "no_path", `no walkable path to (${event.to.x}, ${event.to.y})`);
      }
    }
  }

  private captureLiveState() {
    if (!this.ticker) return;
    this.tracker.capture(this.sim, this.writer, (sessionId) => this.characterOf(sessionId));
  }

  /** The character a connected player's session plays. */
  private characterOf(sessionId: string): string | undefined {
    return this.clients.getById(sessionId)?.userData?.identity.character.id;
  }

  private viewers() {
    const viewers = [];
    for (const client of this.clients) {
      const player = this.sim.players.get(client.sessionId);
      if (player && client.view) viewers.push({ id: client.sessionId, client, x: player.x, y: player.y });
    }
    return viewers;
  }

  private sendMessage<T extends ServerMessageType>(client: Client, type: T, payload: ServerMessage<T>) {
    client.send(type, payload);
    this.deps.metrics.messagesOut.inc({ type });
  }

  private sendError(client: Client, code: MessageErrorCode, message: string, messageType?: string) {
    this.sendMessage(client, "error", { code, message, ...(messageType ? { type: messageType } : {}) });
  }

  private messageContext(): MessageContextForRoom {
    return {
      deps: this.deps,
      world: () => this.world,
      sim: () => this.sim,
      enqueue: (input) => this.ticker.enqueue(input),
      say: (client, identity, message) => this.chat.say(client, identity, message),
      send: (client, type, payload) => this.sendMessage(client, type, payload),
      sendError: (client, code, message, type) => this.sendError(client, code, message, type),
      disconnect: (client, code, reason) => client.leave(code, reason),
      closeCodes: CloseCodes,
    };
  }
}

function parseJoinOptions(raw: unknown): JoinOptions {
  const parsed = JoinOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, describeJoinOptionsError(parsed.error));
  return parsed.data;
}

/** Room classes are instantiated by Colyseus, so dependencies travel on a subclass made per server. */
export function worldRoomWith(deps: WorldRoomDependencies): typeof WorldRoom {
  return class extends WorldRoom {
    protected override deps = deps;
  };
}
