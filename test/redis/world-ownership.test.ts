import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { redisWorldOwnership } from "../../src/scale/redis-world-ownership.ts";
import { freePort } from "../../bench/support/free-port.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { startTestServer } from "../support/game-server.ts";
import { closeCode } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { isolatedRedis, requireServices } from "./services.ts";

describe("world ownership in Redis", () => {
  const redis = isolatedRedis(requireServices().redisUrl);
  const TTL_MS = 2_000;
  const log = createLogger("silent");
  const ownerships = [redisWorldOwnership(redis.url, TTL_MS, log), redisWorldOwnership(redis.url, TTL_MS, log)];
  const inspect = new Redis(redis.url);
  afterAll(async () => {
    await Promise.all(ownerships.map((ownership) => ownership.close()));
    inspect.disconnect();
  });

  it("one holder per world across connections; the claim outlives its expiry while renewed, and is free again on release", async () => {
    const [first, second] = ownerships as [ReturnType<typeof redisWorldOwnership>, ReturnType<typeof redisWorldOwnership>];
    const world = `w-${redis.suffix}-a`;
    const held = await first.claim(world, () => undefined);
    expect(held).toBeDefined();
    expect(await second.isClaimed(world)).toBe(true);
    expect(await second.claim(world, () => undefined)).toBeUndefined();
    // What is tested is that time passes beyond the expiry: the holder's renewals keep the world its own.
    await new Promise((resolve) => setTimeout(resolve, TTL_MS * 2));
    expect(await second.claim(world, () => undefined)).toBeUndefined();
    await held!.release();
    expect(await first.isClaimed(world)).toBe(false);
    const taken = await second.claim(world, () => undefined);
    expect(taken).toBeDefined();
    await taken!.release();
  });

  it("a holder whose claim was taken by another stops and says so", async () => {
    const world = `w-${redis.suffix}-b`;
    let lostBecause = "";
    const held = await ownerships[0]!.claim(world, (reason) => (lostBecause = reason));
    await inspect.set(`living-world:world-owner:${world}`, "someone else", "PX", TTL_MS);
    await waitFor(async () => lostBecause, (reason) => reason !== "", "the holder to notice");
    expect(lostBecause).toMatch(/another process holds/);
    await held!.release();
    expect(await inspect.get(`living-world:world-owner:${world}`)).toBe("someone else");
  });

  it("a world room whose claim another process took closes: its players are disconnected with 4001 and the room is gone", async () => {
    const world = `w-${redis.suffix}-c`;
    const worlds = await makeWorldsDir({ ...smallWorld, id: world }, { "baker.json": agent("baker") });
    const port = await freePort();
    const server = await startTestServer({ PORT: String(port), PUBLIC_ADDRESS: `127.0.0.1:${port}`, REDIS_URL: redis.url, WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: world, LLM_MODE: "offline", WORLD_OWNER_TTL_MS: String(TTL_MS) });
    try {
      const room = await server.client().joinOrCreate("world", { world, name: "Ann" });
      room.onMessage("welcome", () => undefined);
      const closed = closeCode(room, TTL_MS * 5);
      await inspect.set(`living-world:world-owner:${world}`, "another process", "PX", TTL_MS * 10);
      expect(await closed).toBe(4001);
      await waitFor(async () => ((await (await fetch(`${server.httpUrl}/health`)).json()) as { rooms: number }).rooms, (rooms) => rooms === 0, "the room to be disposed");
      expect(await inspect.get(`living-world:world-owner:${world}`)).toBe("another process");
    } finally {
      await server.stop();
      await worlds.cleanup();
    }
  });
});
