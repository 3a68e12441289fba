import fs from "node:fs/promises";
import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend } from "../support/database.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitForState } from "../support/room-state.ts";

interface AgentView { id: string; name: string; x: number; y: number; activity: string; location: string }
interface PlayerView { id: string; name: string; x: number; y: number }
interface WorldView { worldId: string; agents: Map<string, AgentView>; players: Map<string, PlayerView> }

function firstState(room: Room<any, WorldView>): Promise<WorldView> {
  return new Promise((resolve) => room.onStateChange.once((state) => resolve(state)));
}

describe(`world room and health on ${backend}`, () => {
  let server: RunningServer;
  const sampleAgentIds: string[] = [];

  beforeAll(async () => {
    // An interest radius wider than the map, so every client sees every agent.
    server = await startTestServer({ INTEREST_RADIUS: "500" });
    const files = await fs.readdir("worlds/heartwood/agents");
    for (const file of files) sampleAgentIds.push(JSON.parse(await fs.readFile(`worlds/heartwood/agents/${file}`, "utf8")).id);
    expect(sampleAgentIds.length).toBeGreaterThanOrEqual(8);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("GET /health reports ok with the database kind, llm mode, rooms and agents", async () => {
    const response = await fetch(`${server.httpUrl}/health`);
    expect(response.status).toBe(200);
    // The sample world's room runs from boot, with nobody connected.
    expect(await response.json()).toEqual({ status: "ok", database: backend, llm: "offline", rooms: 1, agents: sampleAgentIds.length, pendingWrites: 0 });
  });

  it("an SDK client joins the sample world (join option omitted) and sees every agent and itself", async () => {
    const room = await server.client().joinOrCreate<WorldView>("world", { name: "Tess" });
    const state = await firstState(room);
    expect(state.worldId).toBe("heartwood");
    expect([...state.agents.keys()].sort()).toEqual([...sampleAgentIds].sort());
    for (const agent of state.agents.values()) {
      expect(agent.id).toMatch(/\S/);
      expect(agent.name).toMatch(/\S/);
      expect(Number.isFinite(agent.x) && Number.isFinite(agent.y)).toBe(true);
      expect(agent.activity).toMatch(/\S/);
      expect(agent.location).toMatch(/\S/);
    }
    expect(state.players.get(room.sessionId)).toMatchObject({ id: room.sessionId, name: "Tess" });

    const health = (await (await fetch(`${server.httpUrl}/health`)).json()) as { rooms: number };
    expect(health.rooms).toBe(1);
    await room.leave();
  });

  it("two clients asking for the same world share one room and see each other", async () => {
    const first = await server.client().joinOrCreate<WorldView>("world", { world: "heartwood", name: "Ann" });
    await firstState(first);
    const second = await server.client().joinOrCreate<WorldView>("world", { world: "heartwood", name: "Bob" });
    expect(second.roomId).toBe(first.roomId);
    await waitForState(second, (state) => [...state.players.values()].map((player) => player.name).sort().join() === "Ann,Bob", 10_000, "Ann and Bob only");
    await Promise.all([first.leave(), second.leave()]);
  });

  it("joining a world that does not exist fails with a message naming it", async () => {
    await expect(server.client().joinOrCreate("world", { world: "atlantis" })).rejects.toThrow(/world "atlantis" does not exist/);
  });

  it("bad join options are refused with the option named", async () => {
    await expect(server.client().joinOrCreate("world", { world: "Not A World!" })).rejects.toThrow(/join option "world"/);
  });
});

describe(`health when the database is unreachable (${backend})`, () => {
  it("answers 503 and names the database as the failing part", async () => {
    const server = await startTestServer();
    try {
      await makeDatabaseUnreachable(server);
      const response = await fetch(`${server.httpUrl}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "degraded", failing: "database", database: backend, llm: "offline" });
    } finally {
      await server.stop().catch(() => undefined);
    }
  });
});

async function makeDatabaseUnreachable(server: RunningServer): Promise<void> {
  if (!server.testDb.url) {
    // The embedded database lives in this process: closing it is what an outage looks like here.
    await server.game.db.close();
    return;
  }
  const name = new URL(server.testDb.url).pathname.slice(1);
  const admin = new (await import("pg")).default.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
  await admin.end();
}
