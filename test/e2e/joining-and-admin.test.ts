import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend } from "../support/database.ts";
import { adminToken, postJson, register } from "../support/accounts.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";

interface WorldView { gameTime: number; clockSpeed: number; players: Map<string, { name: string }>; agents: Map<string, { activity: string }> }

describe(`joining as guest or account, and admin operations (${backend})`, () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ INTEREST_RADIUS: "500" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a guest joins with a name, gets a guestToken, and rejoins as the same character", async () => {
    const first = await server.client().joinOrCreate<WorldView>("world", { name: "Wanderer" });
    const welcome = await nextMessage(first, "welcome");
    expect(welcome).toMatchObject({ name: "Wanderer", role: "guest", sessionId: first.sessionId });
    expect(welcome.guestToken).toEqual(expect.any(String));
    await first.leave();
    const again = await server.client().joinOrCreate<WorldView>("world", { guestToken: welcome.guestToken });
    expect(await nextMessage(again, "welcome")).toMatchObject({ characterId: welcome.characterId, name: "Wanderer", role: "guest" });
    await again.leave();
  });

  it("an account joins with its token and plays under its username", async () => {
    const token = await register(server.httpUrl, "Tessa");
    const room = await server.client().joinOrCreate<WorldView>("world", { token });
    const welcome = await nextMessage(room, "welcome");
    expect(welcome).toMatchObject({ name: "tessa", role: "player" });
    expect(welcome.guestToken).toBeUndefined();
    await waitForState(room, (state) => state.players.get(room.sessionId)?.name === "tessa");
    await room.leave();
    // The same account gets the same character back.
    const again = await server.client().joinOrCreate<WorldView>("world", { token });
    expect((await nextMessage(again, "welcome")).characterId).toBe(welcome.characterId);
    await again.leave();
  });

  it("a bad or forged token is refused with a clear error", async () => {
    await expect(server.client().joinOrCreate("world", { token: "not-a-token" })).rejects.toThrow(/token is not a well-formed JWT/);
    const real = await register(server.httpUrl, "mallory");
    const forged = `${real.slice(0, -4)}AAAA`;
    await expect(server.client().joinOrCreate("world", { token: forged })).rejects.toThrow(/token signature does not match/);
  });

  it("time control is refused to players and anonymous callers, and applies at once for admins", async () => {
    const playerToken = await register(server.httpUrl, "pat");
    const url = `${server.httpUrl}/admin/worlds/heartwood/clock`;
    expect((await postJson(url, { time: "12:00" })).status).toBe(401);
    const refused = await postJson(url, { time: "12:00" }, playerToken);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/admin role required/);

    const watcher = await server.client().joinOrCreate<WorldView>("world", { name: "Watcher" });
    await waitForState(watcher, (state) => state.agents.size > 0);
    const admin = await adminToken(server.httpUrl, server.game.db.pool);
    const day = Math.floor(watcher.state.gameTime / 86_400) + 1;
    const done = await postJson(url, { day: day + 1, time: "12:30", speed: 120 }, admin);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ world: "heartwood", live: true, speed: 120 });
    const noon = day * 86_400 + 12.5 * 3600;
    const state = await waitForState(watcher, (s) => s.gameTime >= noon && s.clockSpeed === 120, 10_000, "the new clock");
    expect(state.gameTime - noon).toBeLessThan(3600);
    const audit = await server.game.db.pool.query("SELECT actor FROM audit_log WHERE action = 'world.clock'");
    expect(audit.rows).toEqual([{ actor: "root_admin" }]);

    const invalid = await postJson(url, { time: "25:00" }, admin);
    expect(invalid.status).toBe(400);
    expect(invalid.body.details[0]).toMatchObject({ path: "time" });
    await watcher.leave();
  });

  it("agent reload is admin-only and picks up the files", async () => {
    const url = `${server.httpUrl}/admin/worlds/heartwood/agents/reload`;
    expect((await postJson(url, {}, await register(server.httpUrl, "nosy"))).status).toBe(403);
    const admin = await adminToken(server.httpUrl, server.game.db.pool, "second_admin");
    const reloaded = await postJson(url, {}, admin);
    expect(reloaded.status, JSON.stringify(reloaded.body)).toBe(200);
    expect(reloaded.body).toMatchObject({ world: "heartwood", agents: { created: 0, unchanged: 12 } });
  });

  it("the monitor and metrics are served; the monitor only to admins", async () => {
    expect((await fetch(`${server.httpUrl}/admin/monitor`)).status).toBe(401);
    const admin = await adminToken(server.httpUrl, server.game.db.pool, "third_admin");
    const monitor = await fetch(`${server.httpUrl}/admin/monitor/?access_token=${admin}`);
    expect(monitor.status).toBe(200);
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    for (const name of ["lw_tick_duration_seconds_bucket", "lw_patch_duration_seconds_bucket", "lw_clients", "lw_agents", "lw_messages_in_total", "lw_flush_duration_seconds", "lw_db_pool_connections", "lw_process_cpu_seconds_total", "lw_process_resident_memory_bytes"]) {
      expect(metrics).toContain(name);
    }
  });
});

describe(`a server without guests (${backend})`, () => {
  it("refuses a guest join and says how to log in", async () => {
    const server = await startTestServer({ ALLOW_GUESTS: "false" });
    try {
      await expect(server.client().joinOrCreate("world", { name: "Nobody" })).rejects.toThrow(/guests are not allowed on this server.*POST \/auth\/login/);
      const token = await register(server.httpUrl, "member");
      const room = await server.client().joinOrCreate("world", { token });
      expect(await nextMessage(room, "welcome")).toMatchObject({ role: "player" });
      await room.leave();
    } finally {
      await server.stop();
    }
  });
});
