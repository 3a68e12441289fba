import { Client, type Room } from "@colyseus/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { ChatLog } from "../support/chat-log.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { waitForState } from "../support/room-state.ts";
import { startServerProcess, type ServerProcess } from "../support/server-process.ts";
import { waitFor } from "../support/wait-for.ts";

interface WorldView { gameTime: number; agents: Map<string, { activity: string; location: string; moving: boolean }> }

const DAY = 86_400;
const FLUSH_INTERVAL_MS = 500;
const minuteOfDay = (gameTime: number) => Math.floor((gameTime % DAY) / 60);

/**
 * Lina tends her stall on the square; Otto sleeps all day in the bakery, so he reviews his day (the
 * nightly review) soon after the clock starts at 13:40, at three game minutes per second.
 */
function meadow() {
  return makeWorldsDir(
    { ...smallWorld, clock: { startDay: 1, startTime: "13:40", speed: 180 }, conversations: { talkRange: 8, npcChattiness: 0 } },
    {
      "lina.json": agent("lina", { current_location: "square", current_activity: "tend the flower stall", current_x: 12, current_y: 8, schedule: { "0:00": { activity: "tend the flower stall", location: "square" } } }),
      "otto.json": agent("otto", { current_activity: "sleep", schedule: { "0:00": { activity: "sleep", location: "bakery" } } }),
    },
  );
}

interface SavedMind { importanceSinceReflection: number; reviewedDay: number | null; yesterday: string | null; promises: { day: number; startMinute: number; location: string }[] }

/** What the database holds of the minds and of Otto's nightly reviews (read with the server stopped: the embedded database has one process). */
async function storedMinds(database: TestDatabase) {
  const db = await database.open();
  try {
    const minds = await db.pool.query<{ agent_id: string; snapshot: SavedMind }>("SELECT agent_id, snapshot FROM agent_minds");
    const reviews = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM agent_metacognition WHERE agent_id = 'otto'");
    const byAgent = new Map(minds.rows.map((row) => [row.agent_id, row.snapshot]));
    return { lina: byAgent.get("lina")!, otto: byAgent.get("otto")!, ottoReviews: reviews.rows[0]!.n };
  } finally {
    await db.close();
  }
}

describe(`an agent's mind survives a restart (${backend})`, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`a meeting promised for 15:00 is kept after a ${signal} at 14:00; the reflection counter and yesterday's summary carry over`, async () => {
      const world = await meadow();
      const database = await createTestDatabase({ persistent: true });
      cleanups.push(world.cleanup, database.dispose);
      const start = async () => {
        const server = await startServerProcess({
          WORLDS_DIR: world.worldsDir,
          DEFAULT_WORLD: "meadow",
          FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS),
          INTEREST_RADIUS: "40",
          LLM_MODE: "offline",
          // No reflection resets the counter during the test: it may only grow across the restart.
          REFLECTION_THRESHOLD: "100000",
          // The debug line "agent minds saved" tells when the promise is in the database.
          LOG_LEVEL: "debug",
          ...(database.url ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir! }),
        });
        cleanups.push(() => server.stop("SIGKILL"));
        return server;
      };
      const join = async (server: ServerProcess, name: string) => {
        const room = await new Client(server.httpUrl).joinOrCreate<WorldView>("world", { name });
        await waitForState(room, (state) => state.agents.size === 2);
        return room as Room<any, WorldView>;
      };

      // Before 14:00, Ann asks Lina to meet at the bakery at 15:00, and Lina promises.
      const first = await start();
      const ann = await join(first, "Ann");
      const chat = new ChatLog(ann);
      ann.send("say", { text: "Can we meet at the bakery at 15:00?", to: "lina" });
      const reply = await chat.waitFor((m) => !m.partial && m.speakerId === "lina", "Lina's answer", 20_000);
      expect(reply.text).toMatch(/meet you at the bakery at 15:00/);
      await waitForState(ann, (state) => minuteOfDay(state.gameTime) >= 14 * 60, 30_000, "14:00");
      expect(minuteOfDay(ann.state.gameTime)).toBeLessThan(15 * 60);
      if (signal === "SIGKILL") {
        // Killed without warning, the server keeps only what a flush already wrote: the promise is in one.
        await waitFor(() => Promise.resolve(first.output()), (out) => /"agents":\[[^\]]*"lina"[^\]]*\],"promises":[1-9]/.test(out), "Lina's promise saved", 10_000);
      }
      await ann.leave();
      expect(await first.stop(signal)).toBe(signal === "SIGTERM" ? 0 : null);

      const before = await storedMinds(database);
      expect(before.lina.promises).toContainEqual(expect.objectContaining({ day: 1, startMinute: 15 * 60, location: "bakery" }));
      expect(before.lina.importanceSinceReflection).toBeGreaterThan(0);
      expect(before.otto).toMatchObject({ reviewedDay: 1, yesterday: expect.any(String) });
      expect(before.ottoReviews).toBe(1);

      // After the restart at about 14:00, Lina is still on the square, and at 15:00 she walks to the bakery to meet Ann.
      const second = await start();
      const bob = await join(second, "Bob");
      expect(minuteOfDay(bob.state.gameTime)).toBeLessThan(15 * 60);
      expect(bob.state.agents.get("lina")!.location).toBe("square");
      await waitForState(
        bob,
        (state) => {
          const lina = state.agents.get("lina")!;
          const minute = minuteOfDay(state.gameTime);
          return minute >= 15 * 60 && minute < 15 * 60 + 30 && lina.location === "bakery" && lina.activity === "meeting Ann";
        },
        60_000,
        "Lina at the bakery between 15:00 and 15:30, meeting Ann",
      );
      await bob.leave();
      expect(await second.stop("SIGTERM")).toBe(0);

      // The counter went on from where it was; Otto kept yesterday's summary and did not review day 1 again.
      const after = await storedMinds(database);
      expect(after.lina.importanceSinceReflection).toBeGreaterThanOrEqual(before.lina.importanceSinceReflection);
      expect(after.otto.yesterday).toBe(before.otto.yesterday);
      expect(after.ottoReviews).toBe(1);
    }, 150_000);
  }
});
