import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../bench/support/free-port.ts";
import type { Database } from "../../db/client.ts";
import { startProcess, type RunningProcess } from "../support/child-process.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { isolatedRedis, requireServices } from "../redis/services.ts";
import { faultDatabase } from "./support/fault-database.ts";
import { recordAttack } from "./support/ledger.ts";

interface WorldView { players: Map<string, unknown> }

const SUITE = "one writer per world";
const CALLS = 20;
const CLIENTS = 4;

/**
 * The attack: CALLS concurrent calls for one world from CLIENTS clients, every other one a `create`.
 * A refused create must say to use joinOrCreate; its caller then does. Resolves with every caller's room.
 */
async function openOneWorldManyTimes(clients: Client[], world: string, rooms: Room[]) {
  const call = (i: number, method: "create" | "joinOrCreate") => clients[i % clients.length]![method]<WorldView>("world", { world, name: `Caller${i}` });
  const attempts = await Promise.allSettled(Array.from({ length: CALLS }, (_, i) => call(i, i % 2 === 0 ? "create" : "joinOrCreate")));
  const refused = attempts.flatMap((attempt, i) => (attempt.status === "rejected" ? [{ i, message: String((attempt.reason as Error).message) }] : []));
  rooms.push(...attempts.flatMap((attempt) => (attempt.status === "fulfilled" ? [attempt.value] : [])));
  // Only a create may be refused (a joinOrCreate joins the room being opened), and it says what to do instead.
  for (const refusal of refused) {
    expect(refusal.i % 2, refusal.message).toBe(0);
    expect(refusal.message).toMatch(new RegExp(`world "${world}" already has a room.*joinOrCreate`));
  }
  rooms.push(...(await Promise.all(refused.map(({ i }) => call(i, "joinOrCreate")))));
  for (const room of rooms) room.onMessage("welcome", () => undefined);
  return { refused: refused.length, roomIds: new Set(rooms.map((room) => room.roomId)) };
}

/** Leaves the rooms still connected (those of a killed process are gone already and would never answer). */
async function leaveOpen(rooms: Room[]) {
  await Promise.allSettled(rooms.filter((room) => room.connection?.isOpen).map((room) => room.leave()));
}

async function roomsOn(httpUrl: string): Promise<number> {
  return ((await (await fetch(`${httpUrl}/health`)).json()) as { rooms: number }).rooms;
}

describe("a second room for a world, one process", () => {
  const world = "heartwood";
  let server: RunningServer;
  let db: Database;
  const rooms: Room[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    db = await server.testDb.open();
  });
  afterAll(async () => {
    await leaveOpen(rooms);
    await db?.close();
    await server?.stop();
  });

  it("20 concurrent create and joinOrCreate calls for one world give one room with every client in it", async () => {
    const { refused, roomIds } = await openOneWorldManyTimes(Array.from({ length: CLIENTS }, () => server.client()), world, rooms);

    expect(roomIds.size).toBe(1);
    const health = await roomsOn(server.httpUrl);
    expect(health).toBe(1);
    expect((await matchMaker.query({ name: "world" })).map((room) => room.metadata?.world)).toEqual([world]);
    await waitForState(rooms[0] as Room<any, WorldView>, (state) => state.players.size === CALLS, 15_000, `all ${CALLS} callers in the one room`);

    // The world was planned once: one active day-1 plan per agent, not one per copy of the world.
    const agents = await db.pool.query("SELECT id FROM agents WHERE world_id = $1", [world]);
    const plans = await waitFor(
      async () => (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM agent_plans WHERE status = 'active' AND plan_day = 1 GROUP BY agent_id")).rows,
      (rows) => rows.length === agents.rowCount,
      "every agent to have planned day 1",
    );
    const mostPlans = Math.max(...plans.map((row) => row.n));
    expect(mostPlans).toBe(1);

    recordAttack(
      SUITE,
      `${CALLS} concurrent create and joinOrCreate calls for one world from ${CLIENTS} clients, one process`,
      `${roomIds.size} room (health rooms ${health}), ${refused} creates refused then joined, ${rooms.length} of ${CALLS} callers in it, at most ${mostPlans} active day-1 plan per agent`,
      CALLS,
    );
  });
});

describe("a second room for a world, two processes sharing Redis", () => {
  const services = requireServices();
  const redis = isolatedRedis(services.redisUrl);
  const world = `north-${redis.suffix}`;
  // Short, so that the dead process's claim runs out within the test.
  const OWNER_TTL_MS = 5_000;
  const rooms: Room[] = [];
  const servers: Array<{ url: string; address: string; process: RunningProcess }> = [];
  let cleanups: Array<() => Promise<void>> = [];
  let listing: Redis;

  beforeAll(async () => {
    const database = await faultDatabase("lw_one_writer");
    const worlds = await makeWorldsDir({ ...smallWorld, id: world, name: "North" }, { "baker.json": agent("baker") });
    cleanups = [worlds.cleanup, database.drop];
    listing = new Redis(redis.url);
    const ports = [await freePort(), await freePort()];
    const common = { HOST: "127.0.0.1", LOG_LEVEL: "info", DATABASE_URL: database.url, DB_POOL_MAX: "4", REDIS_URL: redis.url, WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: world, LLM_MODE: "offline", WORLD_OWNER_TTL_MS: String(OWNER_TTL_MS) };
    const started = await Promise.all(ports.map((port) => startProcess("src/main.ts", { ...common, PORT: String(port), PUBLIC_ADDRESS: `127.0.0.1:${port}` }, /listening on ws:/)));
    servers.push(...started.map((process, i) => ({ url: `http://127.0.0.1:${ports[i]}`, address: `127.0.0.1:${ports[i]}`, process })));
  });
  afterAll(async () => {
    await leaveOpen(rooms);
    await Promise.allSettled(servers.map((server) => server.process.stop("SIGKILL")));
    listing?.disconnect();
    for (const cleanup of cleanups) await cleanup();
  });

  it("20 concurrent create and joinOrCreate calls through two processes give one room for the world across both; when its process is SIGKILLed the other opens it", async () => {
    const clients = Array.from({ length: CLIENTS }, (_, i) => new Client(servers[i % servers.length]!.url));
    const { refused, roomIds } = await openOneWorldManyTimes(clients, world, rooms);

    expect(roomIds.size).toBe(1);
    const perProcess = await Promise.all(servers.map((server) => roomsOn(server.url)));
    expect(perProcess.reduce((sum, count) => sum + count, 0)).toBe(1);
    // Other runs may share this Redis database: only this world's rooms count.
    const listed = Object.values(await listing.hgetall("roomcaches"))
      .map((cached) => JSON.parse(cached) as { roomId: string; publicAddress: string; metadata?: { world?: string } })
      .filter((room) => room.metadata?.world === world);
    expect(listed.map((room) => room.roomId)).toEqual([...roomIds]);
    await waitForState(rooms[0] as Room<any, WorldView>, (state) => state.players.size === CALLS, 15_000, `all ${CALLS} callers in the one room`);

    // The process holding the world dies without a word; its claim runs out and the other process opens the world.
    const owner = servers.find((server) => server.address === listed[0]!.publicAddress)!;
    const survivor = servers.find((server) => server !== owner)!;
    expect(await owner.process.stop("SIGKILL")).toBeNull();
    const killedAt = Date.now();
    // Nobody has to ask: the survivor opens the world by itself once the dead process's claim runs out.
    await waitFor(() => roomsOn(survivor.url), (count) => count === 1, "the surviving process to open the world by itself", OWNER_TTL_MS + 30_000, 250);
    const reopened = await waitFor(
      () => new Client(survivor.url).joinOrCreate<WorldView>("world", { world, name: "Afterwards" }),
      (room) => room !== undefined,
      "the surviving process to open the world",
      OWNER_TTL_MS + 30_000,
      250,
    );
    const reopenSeconds = (Date.now() - killedAt) / 1000;
    reopened.onMessage("welcome", () => undefined);
    rooms.push(reopened);
    expect(reopened.roomId).not.toBe([...roomIds][0]);
    expect(await roomsOn(survivor.url)).toBe(1);

    recordAttack(
      SUITE,
      `${CALLS} concurrent create and joinOrCreate calls for one world through 2 processes sharing Redis, then SIGKILL of the process holding it`,
      `${roomIds.size} room across both (rooms per process ${perProcess.join(" + ")}), ${refused} creates refused then joined, ${CALLS} of ${CALLS} callers in it; reopened on the other process ${reopenSeconds.toFixed(1)} s after the kill (claim expiry ${OWNER_TTL_MS / 1000} s)`,
      CALLS,
    );
  });
});
