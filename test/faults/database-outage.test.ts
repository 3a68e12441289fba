import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createThrowawayDatabase } from "../../db/throwaway-database.ts";
import { conversationWorld } from "../support/conversation-world.ts";
import { waitForState } from "../support/room-state.ts";
import { startServerProcess, type ServerProcess } from "../support/server-process.ts";
import { waitFor } from "../support/wait-for.ts";
import { record } from "./support/ledger.ts";
import { PlayingClients } from "./support/playing-clients.ts";
import { openForChecks } from "./support/fault-database.ts";
import { privateServices, type PrivateServices } from "./support/private-services.ts";

const OUTAGE_MS = 30_000;

describe("PostgreSQL stopped for 30 s during play (private cluster)", () => {
  let services: PrivateServices;
  let world: Awaited<ReturnType<typeof conversationWorld>>;
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    services = await privateServices();
    world = await conversationWorld({ conversations: { npcChattiness: 0 } });
    database = await createThrowawayDatabase(services.adminUrl, "lw_outage");
  });
  afterAll(async () => {
    await services?.startPostgres();
    await server?.stop("SIGKILL");
    await database?.drop();
    await world?.cleanup();
  });

  it("keeps the world ticking, reports degraded, loses nothing acknowledged, and catches up", async () => {
    server = await startServerProcess({ DATABASE_URL: database.url, WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", FLUSH_INTERVAL_MS: "500", INTEREST_RADIUS: "40", LLM_MODE: "offline" });
    const health = async () => {
      const response = await fetch(`${server!.httpUrl}/health`);
      return { status: response.status, body: (await response.json()) as { status: string; pendingWrites: number; failing?: string } };
    };
    const crowd = await PlayingClients.join(server.httpUrl, ["Ann", "Bob", "Cy"]);
    const watcher = crowd.players[0]!.room;
    await waitForState(watcher, (state) => state.agents.size === 3);
    crowd.play("lina", 300);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    await services.stopPostgres();
    const outageStarted = Date.now();
    const degraded = await waitFor(health, (h) => h.status === 503, "/health to say degraded");
    expect(degraded.body).toMatchObject({ status: "degraded", failing: "database" });
    const clockAtStop = watcher.state.gameTime as number;
    // The world keeps running for the players: the clock goes on and they keep moving.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - outageStarted))));
    expect(watcher.state.gameTime).toBeGreaterThan(clockAtStop);
    expect((await health()).body.pendingWrites).toBeGreaterThan(0);

    await services.startPostgres();
    await waitFor(health, (h) => h.status === 200 && h.body.pendingWrites === 0, "/health back to ok with the queue written", 30_000);
    crowd.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const db: Database = await openForChecks(database.url);
    try {
      const { rows } = await db.pool.query<{ client_message_id: string; n: number }>("SELECT client_message_id, count(*)::int AS n FROM conversation_logs WHERE client_message_id IS NOT NULL GROUP BY client_message_id");
      const stored = new Map(rows.map((row) => [row.client_message_id, row.n]));
      const acknowledged = crowd.players.flatMap((player) => [...player.acknowledged.keys()]);
      const lost = acknowledged.filter((id) => !stored.has(id)).length;
      expect(acknowledged.length).toBeGreaterThan(10);
      expect(lost).toBe(0);
      expect(rows.filter((row) => row.n > 1)).toEqual([]);
      // Where the players are now is what the database has (written after the outage).
      for (const player of crowd.players) {
        const me = player.room.state.players.get(player.room.sessionId);
        const character = await db.pool.query<{ x: number; y: number }>("SELECT x, y FROM characters WHERE id = $1", [player.characterId]);
        expect(Math.hypot(me.x - character.rows[0]!.x, me.y - character.rows[0]!.y)).toBeLessThanOrEqual(1);
      }
      record({ suite: "postgres stopped 30 s", faults: 1, inputs: crowd.players.reduce((sum, p) => sum + p.sent, 0), lost });
    } finally {
      await db.close();
    }
    await crowd.leave();
  });
});
