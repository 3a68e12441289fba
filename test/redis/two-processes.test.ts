import { Client, type Room } from "@colyseus/sdk";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThrowawayDatabase } from "../../db/throwaway-database.ts";
import { addWorld, agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { startProcess, type RunningProcess } from "../support/child-process.ts";
import { freePort } from "../../bench/support/free-port.ts";
import { isolatedRedis, requireServices } from "./services.ts";

interface WorldView { players: Map<string, unknown> }
interface Health { status: string; rooms: number }

describe("two server processes share matchmaking over Redis", () => {
  const services = requireServices();
  const redis = isolatedRedis(services.redisUrl);
  const north = `north-${redis.suffix}`;
  const south = `south-${redis.suffix}`;
  const processes: RunningProcess[] = [];
  const rooms: Room[] = [];
  let cleanups: Array<() => Promise<void>> = [];
  let a: { url: string; address: string; process: RunningProcess };
  let b: { url: string; address: string; process: RunningProcess };
  let listing: Redis;

  beforeAll(async () => {
    const database = await createThrowawayDatabase(services.databaseUrl, "lw_scale");
    const worlds = await makeWorldsDir({ ...smallWorld, id: north, name: "North" }, { "baker.json": agent("baker") });
    await addWorld(worlds.worldsDir, { ...smallWorld, id: south, name: "South" }, { "miller.json": agent("miller") });
    cleanups = [worlds.cleanup, database.drop];
    listing = new Redis(redis.url);

    const [portA, portB] = [await freePort(), await freePort()];
    const common = { HOST: "127.0.0.1", LOG_LEVEL: "info", DATABASE_URL: database.url, DB_POOL_MAX: "4", REDIS_URL: redis.url, WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: north, LLM_MODE: "offline" };
    // Both boot at once against one fresh database: migrations and world seeding take turns.
    const [processA, processB] = await Promise.all(
      [portA, portB].map((port) => startProcess("src/main.ts", { ...common, PORT: String(port), PUBLIC_ADDRESS: `127.0.0.1:${port}` }, /listening on ws:/)),
    );
    processes.push(processA!, processB!);
    a = { url: `http://127.0.0.1:${portA}`, address: `127.0.0.1:${portA}`, process: processA! };
    b = { url: `http://127.0.0.1:${portB}`, address: `127.0.0.1:${portB}`, process: processB! };
  });

  afterAll(async () => {
    await Promise.allSettled(rooms.map((room) => room.leave()));
    await Promise.allSettled(processes.map((child) => child.stop()));
    listing?.disconnect();
    for (const cleanup of cleanups) await cleanup();
  });

  it("each world has one room across both processes from boot, and clients joining through either process reach it", async () => {
    // Both processes open every world at boot; each world's claim lets exactly one of them run it.
    const open = await waitFor(async () => (await health(a.url)).rooms + (await health(b.url)).rooms, (count) => count === 2, "one room per world across the processes");
    expect(open).toBe(2);

    const viaA = new Client(a.url);
    const viaB = new Client(b.url);
    const northViaA = await join(viaA, north, "Ann");
    const southViaA = await join(viaA, south, "Bo");
    const homes = [await publicAddressOf(northViaA.roomId), await publicAddressOf(southViaA.roomId)];
    for (const home of homes) expect([a.address, b.address]).toContain(home);

    // Through B, into the same rooms: whichever process a world lives on, one of the two clients reached it through the other.
    const northViaB = await join(viaB, north, "Cy");
    const southViaB = await join(viaB, south, "Di");
    expect(northViaB.roomId).toBe(northViaA.roomId);
    expect(southViaB.roomId).toBe(southViaA.roomId);
    await waitForState(northViaA, (state) => state.players.size === 2, 10_000, "both northern players in one room");
    await waitForState(southViaB, (state) => state.players.size === 2, 10_000, "both southern players in one room");
    expect((await health(a.url)).rooms + (await health(b.url)).rooms).toBe(2);
  });

  it("each process stops cleanly on SIGTERM and takes its rooms out of the shared listing", async () => {
    await Promise.allSettled(rooms.splice(0).map((room) => room.leave()));
    const codes = await Promise.all(processes.splice(0).map((child) => child.stop("SIGTERM")));
    expect(codes).toEqual([0, 0]);
    expect(await listing.hlen("roomcaches")).toBe(0);
  });

  async function join(client: Client, world: string, name: string): Promise<Room<any, WorldView>> {
    const room = await client.joinOrCreate<WorldView>("world", { world, name });
    room.onMessage("welcome", () => {});
    rooms.push(room);
    return room;
  }

  async function publicAddressOf(roomId: string): Promise<string> {
    const cached = await listing.hget("roomcaches", roomId);
    return (JSON.parse(cached ?? "{}") as { publicAddress?: string }).publicAddress ?? "not listed";
  }
});

async function health(url: string): Promise<Health> {
  return (await fetch(`${url}/health`)).json() as Promise<Health>;
}
