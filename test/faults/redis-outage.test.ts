import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWorld, agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";
import { startProcess, type RunningProcess } from "../support/child-process.ts";
import { freePort } from "../../bench/support/free-port.ts";
import { faultDatabase } from "./support/fault-database.ts";
import { record } from "./support/ledger.ts";
import { privateServices, type PrivateServices } from "./support/private-services.ts";

const run = promisify(execFile);
const OUTAGE_MS = 10_000;

describe("Redis lost in scale-out mode (two processes, private Redis)", () => {
  let services: PrivateServices;
  let redisPid: string;
  const processes: RunningProcess[] = [];
  const rooms: Room[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let urls: string[] = [];

  beforeAll(async () => {
    services = await privateServices();
    redisPid = (await run("redis-cli", ["-u", services.redisUrl, "info", "server"])).stdout.match(/process_id:(\d+)/)![1]!;
    await run("redis-cli", ["-u", services.redisUrl, "flushall"]);
    const database = await faultDatabase("lw_redis_outage");
    const worlds = await makeWorldsDir({ ...smallWorld, id: "north", name: "North" }, { "baker.json": agent("baker") });
    await addWorld(worlds.worldsDir, { ...smallWorld, id: "south", name: "South" }, { "miller.json": agent("miller") });
    cleanups.push(worlds.cleanup, database.drop);
    const ports = [await freePort(), await freePort()];
    const common = { HOST: "127.0.0.1", LOG_LEVEL: "info", DATABASE_URL: database.url, DB_POOL_MAX: "4", REDIS_URL: services.redisUrl, WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: "north", LLM_MODE: "offline" };
    processes.push(...(await Promise.all(ports.map((port) => startProcess("src/main.ts", { ...common, PORT: String(port), PUBLIC_ADDRESS: `127.0.0.1:${port}` }, /listening on ws:/)))));
    urls = ports.map((port) => `http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await run("kill", ["-CONT", redisPid]).catch(() => undefined);
    await Promise.allSettled(rooms.map((room) => room.leave()));
    await Promise.allSettled(processes.map((child) => child.stop("SIGKILL")));
    for (const cleanup of cleanups) await cleanup();
  });

  it("each process keeps serving the rooms it holds, and matchmaking works again when Redis is back", async () => {
    const north = await new Client(urls[0]!).joinOrCreate<any>("world", { world: "north", name: "Ann" });
    const south = await new Client(urls[1]!).joinOrCreate<any>("world", { world: "south", name: "Bo" });
    rooms.push(north, south);
    for (const room of rooms) room.onMessage("welcome", () => undefined);

    // Redis stops answering (a network partition: the process is frozen, its data kept).
    await run("kill", ["-STOP", redisPid]);
    const started = Date.now();
    let exchanges = 0;
    while (Date.now() - started < OUTAGE_MS) {
      for (const [index, room] of rooms.entries()) {
        room.send("ping", { t: exchanges });
        expect(await nextMessage(room, "pong", 5_000)).toMatchObject({ t: exchanges });
        room.send("move_to", { x: 14 + (exchanges % 3), y: 10 + index });
        exchanges++;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await waitForState(north, (state) => state.players.get(north.sessionId).moving === false, 10_000, "Ann's moves applied without Redis");
    for (const url of urls) expect((await fetch(`${url}/health`)).status).toBe(200);

    await run("kill", ["-CONT", redisPid]);
    // Matchmaking through either process finds the rooms where they are.
    const late = await new Client(urls[1]!).joinOrCreate<any>("world", { world: "north", name: "Cy" });
    late.onMessage("welcome", () => undefined);
    rooms.push(late);
    expect(late.roomId).toBe(north.roomId);
    await waitForState(north, (state) => state.players.size === 2, 10_000, "Cy in Ann's room");
    record({ suite: "redis lost in scale-out", faults: 1, inputs: exchanges, lost: 0 });
  });
});
