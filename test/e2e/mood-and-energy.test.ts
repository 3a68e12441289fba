import { afterAll, describe, expect, it } from "vitest";
import { adminToken, postJson } from "../support/accounts.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startTestServer } from "../support/game-server.ts";
import { waitForState } from "../support/room-state.ts";

interface AgentView { energy: number; mood: string; activity: string }
interface WorldView { gameTime: number; clockSpeed: number; agents: Map<string, AgentView> }

// Rosa starts the day short of sleep: baking makes her tired within about 1.3 game hours and she
// keeps at it until noon, when she sleeps it off. The test drives the clock through the admin API.
const WORLD = { ...smallWorld, clock: { startDay: 1, startTime: "06:00", speed: 60 } };
const ROSA = agent("rosa", { energy_level: 40, mood: "calm", schedule: { "6:00": { activity: "bake", location: "bakery" }, "12:00": { activity: "sleep", location: "bakery" } } });
// A fixed secret, so the admin's token stays valid across the restart.
const ENV = { FLUSH_INTERVAL_MS: "200", INTEREST_RADIUS: "500", DEFAULT_WORLD: "meadow", AUTH_SECRET: "a-test-secret-that-is-at-least-32-characters" };

describe(`energy and mood live through the day and survive a restart (${backend})`, () => {
  let database: TestDatabase | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await database?.dispose();
    await cleanup?.();
  });

  it("work tires an agent, a restart keeps how it feels, and sleep restores it", async () => {
    const worlds = await makeWorldsDir(WORLD, { "rosa.json": ROSA });
    cleanup = worlds.cleanup;
    database = await createTestDatabase({ persistent: true });
    const env = { ...ENV, WORLDS_DIR: worlds.worldsDir };
    const rosa = (state: WorldView) => state.agents.get("rosa")!;

    const first = await startTestServer(env, database);
    const admin = await adminToken(first.httpUrl, first.game.db.pool);
    const setClock = (httpUrl: string, speed: number) => postJson(`${httpUrl}/admin/worlds/meadow/clock`, { speed }, admin);
    let paused: AgentView;
    try {
      const room = await first.client().joinOrCreate<WorldView>("world", { name: "Watcher" });
      // At 60x baking costs her a point every 14 real seconds: the file's 40 and "calm" are what a client first sees.
      const morning = await waitForState(room, (state) => rosa(state) !== undefined, 10_000, "Rosa in state.agents");
      expect(rosa(morning).energy).toBeGreaterThanOrEqual(38);
      expect(rosa(morning).energy).toBeLessThanOrEqual(40);
      expect(rosa(morning).mood).toBe("calm");

      // 20 game minutes a real second: tired about 4 s later, and so for the next 13 s of baking.
      expect((await setClock(first.httpUrl, 1200)).status).toBe(200);
      await waitForState(room, (state) => rosa(state).activity === "bake" && rosa(state).mood === "tired", 20_000, "Rosa tired from baking");
      expect((await setClock(first.httpUrl, 0)).status).toBe(200);
      const still = await waitForState(room, (state) => state.clockSpeed === 0, 10_000, "the paused clock");
      paused = { ...rosa(still) };
      expect(paused.energy).toBeLessThan(35);
      expect(paused.mood).toBe("tired");
      await room.leave();
    } finally {
      await first.stop();
    }

    const second = await startTestServer(env, database);
    try {
      const room = await second.client().joinOrCreate<WorldView>("world", { name: "Watcher" });
      const resumed = await waitForState(room, (state) => rosa(state) !== undefined, 10_000, "Rosa after the restart");
      expect(rosa(resumed)).toMatchObject({ energy: paused.energy, mood: "tired" });

      // A game hour a real second: she bakes until noon, then sleeps.
      expect((await setClock(second.httpUrl, 3600)).status).toBe(200);
      const rested = await waitForState(room, (state) => rosa(state).activity === "sleep" && rosa(state).energy >= 90, 45_000, "Rosa rested after sleeping");
      expect(rosa(rested).mood).toBe("calm");
      await room.leave();
    } finally {
      await second.stop();
    }
    // Two server starts and about 20 s of game days: more than the suite's default on a busy machine.
  }, 120_000);
});
