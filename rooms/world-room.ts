import { CloseCode, ErrorCode, Room, ServerError, type AuthContext, type Client } from "@colyseus/core";
import type pg from "pg";
import { findWorld, type StoredWorld } from "../db/repositories/world-repository.ts";
import { LiveStateWriter } from "../db/write-behind.ts";
import type { TokenService } from "../src/auth/tokens.ts";
import type { Metrics } from "../src/shared-kernel/metrics.ts";
import type { Logger } from "../src/log.ts";
import type { GuestJoinLimit } from "./guest-join-limit.ts";
import { joinAddress } from "./join-address.ts";
import { describeJoinOptionsError, JoinOptionsSchema, type JoinOptions } from "./join-options.ts";
import { resolveIdentity, type PlayerIdentity } from "./player-identity.ts";
import { buildSimulation, type ClockChange } from "./simulation-loader.ts";
import { LiveStateTracker } from "./live-state-tracker.ts";
import type { RateLimitOptions } from "../src/shared-kernel/rate-limiter.ts";
import { WorldState } from "./world-state.ts";
import { WorldRoomCore } from "./world-room-core.ts";
import { worldTakenError } from "./one-room-per-world.ts";
import type { WorldClaim, WorldOwnership } from "../src/scale/world-ownership.ts";
import { RoomEngineLink, type EngineLinkDependencies } from "./room-engine-link.ts";
import { RoomChat } from "./room-chat.ts";

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
  engine: Omit<EngineLinkDependencies, "pool" | "metrics" | "log">;
}

interface ClientData {
  identity: PlayerIdentity;
}

type WorldClient = Client<{ userData: ClientData }>;

/**
 * One room per world and the only writer of its state. Its core (WorldRoomCore: the fixed-timestep
 * tick, the replicated state, interest views, message routing) never awaits I/O; around it this class
 * keeps Colyseus' lifecycle, authentication, persistence, the agent engine and chat. Live state and
 * agents' minds reach the database write-behind every FLUSH_INTERVAL_MS.
 */
export class WorldRoom extends Room<{ state: WorldState; client: WorldClient }> {
  // The world goes on with nobody connected (its clock, its agents' schedules): the room closes only at shutdown.
  override autoDispose = false;
  protected deps!: WorldRoomDependencies;
  override state = new WorldState();
  private core!: WorldRoomCore<WorldClient>;
  private writer!: LiveStateWriter;
  private tracker!: LiveStateTracker;
  private engine!: RoomEngineLink;
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
    this.core = new WorldRoomCore(this.state, {
      world,
      sim: await buildSimulation(this.deps.pool, world),
      interestRadius: this.deps.interestRadius,
      rateLimit: this.deps.rateLimit,
      metrics: this.deps.metrics,
      channel: {
        clients: () => this.clients,
        client: (sessionId) => this.clients.getById(sessionId),
        deliver: (client, type, payload) => client.send(type, payload),
        disconnect: (client, code, reason) => client.leave(code, reason),
      },
      inputs: () => this.engine.inputs(),
      events: (events) => this.engine?.handle(events),
      say: (client, message) => {
        const identity = client.userData?.identity;
        if (identity) this.chat.say(client, identity, message);
      },
    });
    this.tracker = new LiveStateTracker(world.id);
    this.writer = new LiveStateWriter(this.deps.pool, {
      flushed: (seconds) => this.deps.metrics.flushDuration.observe(seconds),
      failed: (error, pending) => {
        this.deps.metrics.flushFailures.inc();
        this.deps.log.warn({ world: world.id, pending, err: error.message }, "flush failed; state stays queued and is retried");
      },
    });
    this.deps.writers.add(this.writer);
    this.chat = new RoomChat(
      {
        worldId: () => this.world.id,
        ranges: () => this.world.definition.conversations,
        sim: () => this.sim,
        clients: () => this.clients,
        client: (sessionId) => this.clients.getById(sessionId),
        send: (client, type, payload) => this.core.send(client, type, payload),
        sendError: (client, code, message, type) => this.core.sendError(client, code, message, type),
      },
      { pool: this.deps.pool, log: this.deps.log, metrics: this.deps.metrics, engine: () => this.engine },
    );
    this.engine = await RoomEngineLink.start({ ...this.deps.engine, pool: this.deps.pool, metrics: this.deps.metrics, log: this.deps.log }, world.definition, () => this.sim, (line) => this.chat.deliver(line), (sessionId) => this.characterOf(sessionId));

    this.setMetadata({ world: world.id });
    this.core.routeMessages({
      // The validator's output is what the handler is typed to take; Colyseus' signature wants input and output alike.
      on: (type, validator, handler) => this.onMessage<unknown>(type, validator, (client, message) => handler(client, message as Parameters<typeof handler>[1])),
      onUnknown: (handler) => this.onMessage("*", handler),
    });
    this.setTimestep((deltaMs) => this.core.tick(deltaMs), this.core.ticker.stepMs);
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

  override onJoin(client: WorldClient, _options: unknown, identity: PlayerIdentity) {
    const { character } = identity;
    const alreadyHere = this.clients.find((other) => other !== client && other.userData?.identity.character.id === character.id);
    if (alreadyHere) alreadyHere.leave(CloseCode.CONSENTED, "this character joined from another connection");
    client.userData = { identity };
    this.core.join(client, character);
    this.core.send(client, "welcome", {
      sessionId: client.sessionId,
      characterId: character.id,
      name: character.name,
      role: identity.role,
      ...(identity.guestToken ? { guestToken: identity.guestToken } : {}),
    });
    this.deps.metrics.clients.set({ world: this.world.id }, this.clients.length);
    this.engine.playersChanged(this.clients.length);
  }

  /** A connection lost without a goodbye may come back within RECONNECT_SECONDS, character and conversation intact. */
  override async onDrop(client: WorldClient, code?: number) {
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

  override onReconnect(client: WorldClient) {
    this.core.rejoin(client);
    this.chat.reconnected(client);
  }

  override onLeave(client: WorldClient) {
    this.chat.left(client.sessionId);
    this.engine.playerLeft(client.sessionId);
    const last = this.core.leave(client.sessionId);
    const characterId = client.userData?.identity.character.id;
    if (last && characterId) this.writer.putCharacter({ id: characterId, x: last.x, y: last.y, direction: last.direction });
    const remaining = this.clients.filter((other) => other !== client).length;
    this.deps.metrics.clients.set({ world: this.world.id }, remaining);
    this.engine.playersChanged(remaining);
  }

  override async onDispose() {
    try {
      if (!this.writer) return; // onCreate failed: nothing was loaded, nothing to save
      await this.engine.dispose();
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
    this.core.applyNow({ type: "set_clock", gameTime: change.gameTime, speed: change.speed });
    this.core.ticker.publishClock(true);
    return { gameTime: this.sim.clock.gameTime, speed: this.sim.clock.speed };
  }

  /** Admin: pick up agent changes loaded into the database; agents keep their live positions. */
  async adminReloadAgents() {
    this.captureLiveState();
    await this.flush();
    const world = await findWorld(this.deps.pool, this.world.id);
    if (!world) throw new Error(`world "${this.world.id}" was deleted from the database`);
    this.core.replace(world, await buildSimulation(this.deps.pool, world, this.sim.snapshot().rngState));
    await this.engine.rebuild();
    this.deps.metrics.agents.set({ world: world.id }, this.sim.agents.size);
    return { agents: this.sim.agents.size };
  }

  /** Flushes pending live state now; resolves when it is in the database (or rejects if it is down). */
  async flush(): Promise<void> {
    this.captureLiveState();
    this.deps.metrics.flushQueueDepth.set({ world: this.world.id }, this.writer.pending);
    await Promise.all([this.writer.flush().catch(() => undefined), this.engine.flush()]);
    this.deps.metrics.flushQueueDepth.set({ world: this.world.id }, this.writer.pending);
  }

  override onBeforePatch() {
    this.core?.beforePatch();
  }

  override broadcastPatch(): boolean {
    return this.core ? this.core.timePatch(() => super.broadcastPatch()) : super.broadcastPatch();
  }

  private get world(): StoredWorld {
    return this.core.world;
  }

  private get sim() {
    return this.core.sim;
  }

  private captureLiveState() {
    if (!this.core) return;
    this.tracker.capture(this.sim, this.writer, (sessionId) => this.characterOf(sessionId));
  }

  /** The character a connected player's session plays. */
  private characterOf(sessionId: string): string | undefined {
    return this.clients.getById(sessionId)?.userData?.identity.character.id;
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
