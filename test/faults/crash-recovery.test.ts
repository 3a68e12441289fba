import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { conversationWorld } from "../support/conversation-world.ts";
import { startServerProcess, type ServerProcess } from "../support/server-process.ts";
import { waitForState } from "../support/room-state.ts";
import { faultDatabase, openForChecks } from "./support/fault-database.ts";
import { record } from "./support/ledger.ts";
import { PlayingClients } from "./support/playing-clients.ts";

const FLUSH_INTERVAL_MS = 500;
const CLOCK_SPEED = 60;
const AGENT_SPEED = 3;

/** Acknowledged lines missing from conversation_logs, and those stored more than once. */
async function checkLines(pool: pg.Pool, crowd: PlayingClients) {
  const { rows } = await pool.query<{ client_message_id: string; n: number }>(
    "SELECT client_message_id, count(*)::int AS n FROM conversation_logs WHERE client_message_id IS NOT NULL GROUP BY client_message_id",
  );
  const stored = new Map(rows.map((row) => [row.client_message_id, row.n]));
  const acknowledged = crowd.players.flatMap((player) => [...player.acknowledged.keys()]);
  return { acknowledged: acknowledged.length, lost: acknowledged.filter((id) => !stored.has(id)).length, duplicated: rows.filter((row) => row.n > 1).length };
}

describe("crashes and shutdowns under load (real processes, real PostgreSQL)", () => {
  let world: Awaited<ReturnType<typeof conversationWorld>>;
  let database: Awaited<ReturnType<typeof faultDatabase>>;
  let db: Database;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    world = await conversationWorld({ conversations: { npcChattiness: 0 } });
    database = await faultDatabase("lw_faults");
    db = await openForChecks(database.url);
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await db?.close();
    await database?.drop();
    await world?.cleanup();
  });

  const start = () =>
    startServerProcess({ DATABASE_URL: database.url, WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS), INTEREST_RADIUS: "40", LLM_MODE: "offline", AUTH_SECRET: "fault-suite-secret-that-is-long-enough-0123456789" });

  it("SIGKILL while players walk and talk: every acknowledged line is stored once, the world resumes within a flush, players come back", async () => {
    server = await start();
    const crowd = await PlayingClients.join(server.httpUrl, ["Ann", "Bob", "Cy", "Dee"]);
    const watcher = crowd.players[0]!.room;
    await waitForState(watcher, (state) => state.agents.size === 3);
    crowd.play("lina", 150);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const lastSeen = { gameTime: watcher.state.gameTime as number, agents: new Map<string, { x: number; y: number }>() };
    for (const [id, agent] of watcher.state.agents as Map<string, { x: number; y: number }>) lastSeen.agents.set(id, { x: agent.x, y: agent.y });

    expect(await server.stop("SIGKILL")).toBeNull();
    crowd.stop();
    const afterKill = await checkLines(db.pool, crowd);
    expect(afterKill.acknowledged).toBeGreaterThan(20);
    expect(afterKill.lost).toBe(0);
    expect(afterKill.duplicated).toBe(0);
    // Each acknowledged line is also one memory of the agent's, never two.
    const memories = await db.pool.query<{ content: string; n: number }>("SELECT content, count(*)::int AS n FROM agent_memories WHERE agent_id = 'lina' AND memory_type = 'conversation' GROUP BY content HAVING count(*) > 1");
    expect(memories.rows).toEqual([]);

    // Clock and agents as last flushed: at most one flush interval (plus the clock's one-minute publishing step) behind.
    const clock = await db.pool.query<{ game_time: string }>("SELECT game_time FROM worlds WHERE id = 'meadow'");
    expect(lastSeen.gameTime - Number(clock.rows[0]!.game_time)).toBeLessThanOrEqual(60 + (FLUSH_INTERVAL_MS / 1000) * CLOCK_SPEED);
    const agents = await db.pool.query<{ agent_id: string; current_x: number; current_y: number }>("SELECT agent_id, current_x, current_y FROM agent_states");
    for (const row of agents.rows) {
      const seen = lastSeen.agents.get(row.agent_id)!;
      expect(Math.hypot(seen.x - row.current_x, seen.y - row.current_y), row.agent_id).toBeLessThanOrEqual(AGENT_SPEED * (FLUSH_INTERVAL_MS / 1000) + 1);
    }

    // The restarted server resumes; the players rejoin as themselves and carry on talking.
    server = await start();
    await crowd.rejoin(server.httpUrl);
    const before = crowd.acknowledged;
    crowd.play("lina", 150);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    crowd.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(crowd.acknowledged).toBeGreaterThan(before);
    const afterRestart = await checkLines(db.pool, crowd);
    expect(afterRestart).toMatchObject({ lost: 0, duplicated: 0 });
    record({ suite: "sigkill under load", faults: 1, inputs: crowd.players.reduce((sum, p) => sum + p.sent, 0), lost: afterRestart.lost });
    await crowd.leave();
  });

  it("SIGTERM under load drains, flushes and exits 0 with nothing acknowledged lost", async () => {
    server ??= await start();
    const crowd = await PlayingClients.join(server.httpUrl, ["Eve", "Fay", "Gus"]);
    crowd.play("lina", 150);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const positions = new Map<string, { x: number; y: number }>();
    const code = await server.stop("SIGTERM");
    crowd.stop();
    for (const player of crowd.players) {
      const me = player.room.state.players?.get(player.room.sessionId);
      if (me) positions.set(player.characterId, { x: me.x, y: me.y });
    }
    expect(code, server.output()).toBe(0);
    server = undefined;
    const lines = await checkLines(db.pool, crowd);
    expect(lines.acknowledged).toBeGreaterThan(5);
    expect(lines).toMatchObject({ lost: 0, duplicated: 0 });
    // The shutdown flush stored where each player was (within the last patch's movement).
    const stored = await db.pool.query<{ id: string; x: number; y: number }>("SELECT id, x, y FROM characters WHERE id = ANY($1)", [[...positions.keys()]]);
    for (const row of stored.rows) {
      const seen = positions.get(row.id)!;
      expect(Math.hypot(seen.x - row.x, seen.y - row.y)).toBeLessThanOrEqual(1);
    }
    record({ suite: "sigterm under load", faults: 1, inputs: crowd.players.reduce((sum, p) => sum + p.sent, 0), lost: lines.lost });
    await crowd.leave();
  });
});
