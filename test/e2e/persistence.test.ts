import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { register } from "../support/accounts.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startTestServer } from "../support/game-server.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";

interface Entity { x: number; y: number; moving: boolean; activity: string }
interface WorldView { gameTime: number; agents: Map<string, Entity>; players: Map<string, Entity> }

// A fixed secret, so tokens stay valid across the restart.
const FAST_FLUSH = { FLUSH_INTERVAL_MS: "200", INTEREST_RADIUS: "500", AUTH_SECRET: "a-test-secret-that-is-at-least-32-characters" };

describe(`live state survives a restart (${backend})`, () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.dispose();
  });

  it("writes behind while running, and a restarted server resumes clock, agents and players where they were", async () => {
    database = await createTestDatabase({ persistent: true });
    const first = await startTestServer(FAST_FLUSH, database);
    const token = await register(first.httpUrl, "homebody");
    const room = await first.client().joinOrCreate<WorldView>("world", { token });
    const { characterId } = await nextMessage(room, "welcome");
    const target = { x: 24, y: 25 };
    room.send("move_to", target);
    await waitForState(room, (state) => {
      const me = state.players.get(room.sessionId)!;
      return me.x === target.x && me.y === target.y && !me.moving;
    });

    // Without any shutdown, the write-behind has stored the player's position within a few flush intervals.
    await waitFor(
      () => first.game.db.pool.query("SELECT x, y FROM characters WHERE id = $1", [characterId]).then((result) => result.rows[0]),
      (row) => row?.x === target.x && row?.y === target.y,
      "the character's position in the database",
    );

    const before = room.state;
    const agentsBefore = new Map([...before.agents].map(([id, agent]) => [id, { x: agent.x, y: agent.y }]));
    const clockBefore = before.gameTime;
    await first.stop(); // the room disposes, flushing everything it holds

    const second = await startTestServer(FAST_FLUSH, database);
    try {
      const again = await second.client().joinOrCreate<WorldView>("world", { token });
      const state = await waitForState(again, (s) => s.agents.size === agentsBefore.size && s.players.has(again.sessionId));
      const me = state.players.get(again.sessionId)!;
      expect(Math.hypot(me.x - target.x, me.y - target.y)).toBeLessThanOrEqual(1);
      for (const [id, was] of agentsBefore) {
        const now = state.agents.get(id)!;
        expect(Math.hypot(now.x - was.x, now.y - was.y), `agent ${id} moved between runs`).toBeLessThanOrEqual(1);
      }
      expect(state.gameTime).toBeGreaterThanOrEqual(clockBefore);
      expect(state.gameTime - clockBefore).toBeLessThan(5 * 60);
      await again.leave();
    } finally {
      await second.stop();
    }
  });
});

// An outage needs a database that can go away and come back while the server runs: a real Postgres
// (npm run test:db, and CI). The embedded database lives inside the server process.
if (backend === "postgres") {
  describe("database outage and recovery (postgres)", () => {
    it("keeps the world ticking, reports degraded, and writes the final state once the database is back", async () => {
      const server = await startTestServer(FAST_FLUSH);
      const name = new URL(server.testDb.url!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        const token = await register(server.httpUrl, "survivor");
        const room = await server.client().joinOrCreate<WorldView>("world", { token });
        const { characterId } = await nextMessage(room, "welcome");
        await waitForState(room, (state) => state.players.has(room.sessionId));

        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
        const health = () => fetch(`${server.httpUrl}/health`).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
        const degraded = await waitFor(health, (h) => h.status === 503 && h.body.status === "degraded", "health to report degraded");
        // /health is public: the database's own error text (here naming the database) stays in the log.
        expect(JSON.stringify(degraded.body)).not.toContain(name);

        // The world keeps running: the player walks while nothing can be written.
        const target = { x: 26, y: 24 };
        room.send("move_to", target);
        await waitForState(room, (state) => {
          const me = state.players.get(room.sessionId)!;
          return me.x === target.x && me.y === target.y && !me.moving;
        });
        await waitFor(health, (h) => h.body.pendingWrites > 0, "writes queued while the database is down");

        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        await waitFor(health, (h) => h.status === 200 && h.body.status === "ok" && h.body.pendingWrites === 0, "health back to ok");
        const row = await server.game.db.pool.query("SELECT x, y FROM characters WHERE id = $1", [characterId]);
        expect(row.rows[0]).toEqual(target);
        await room.leave();
      } finally {
        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
        await admin.end();
        await server.stop();
      }
    });
  });
}
