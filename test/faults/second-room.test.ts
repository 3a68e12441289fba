import { matchMaker } from "@colyseus/core";
import type { Client, Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { recordAttack } from "./support/ledger.ts";

interface WorldView { players: Map<string, unknown> }

const WORLD = "heartwood";
const CALLS = 20;
const CLIENTS = 4;

describe("a second room for a world", () => {
  let server: RunningServer;
  let db: Database;
  const rooms: Room[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    db = await server.testDb.open();
  });
  afterAll(async () => {
    await Promise.allSettled(rooms.map((room) => room.leave()));
    await db?.close();
    await server?.stop();
  });

  it("20 concurrent create and joinOrCreate calls for one world give one room with every client in it", async () => {
    const clients: Client[] = Array.from({ length: CLIENTS }, () => server.client());
    const attempts = await Promise.allSettled(
      Array.from({ length: CALLS }, (_, i) => {
        const client = clients[i % CLIENTS]!;
        const options = { world: WORLD, name: `Caller${i}` };
        return i % 2 === 0 ? client.create<WorldView>("world", options) : client.joinOrCreate<WorldView>("world", options);
      }),
    );
    const refusals = attempts.flatMap((attempt, i) => (attempt.status === "rejected" ? [{ i, message: String((attempt.reason as Error).message) }] : []));
    const seated = attempts.flatMap((attempt) => (attempt.status === "fulfilled" ? [attempt.value] : []));
    rooms.push(...seated);
    // Only a create may be refused (joinOrCreate joins the room being opened), and it says what to do instead.
    for (const refusal of refusals) {
      expect(refusal.i % 2, refusal.message).toBe(0);
      expect(refusal.message).toMatch(new RegExp(`world "${WORLD}" already has a room.*joinOrCreate`));
    }
    // The refused callers do what the error tells them.
    const rejoined = await Promise.all(refusals.map(({ i }) => clients[i % CLIENTS]!.joinOrCreate<WorldView>("world", { world: WORLD, name: `Caller${i}` })));
    rooms.push(...rejoined);

    const roomIds = new Set(rooms.map((room) => room.roomId));
    expect(roomIds.size).toBe(1);
    const health = (await (await fetch(`${server.httpUrl}/health`)).json()) as { rooms: number };
    expect(health.rooms).toBe(1);
    const listed = await matchMaker.query({ name: "world" });
    expect(listed.map((room) => room.metadata?.world)).toEqual([WORLD]);
    await waitForState(rooms[0] as Room<any, WorldView>, (state) => state.players.size === CALLS, 15_000, `all ${CALLS} callers in the one room`);

    // The world was planned once: one active day-1 plan per agent, not one per copy of the world.
    const agents = await db.pool.query<{ id: string }>("SELECT id FROM agents WHERE world_id = $1", [WORLD]);
    const plans = await waitFor(
      () => db.pool.query<{ agent_id: string; n: number }>("SELECT agent_id, count(*)::int AS n FROM agent_plans WHERE status = 'active' AND plan_day = 1 GROUP BY agent_id").then((result) => result.rows),
      (rows) => rows.length === agents.rows.length,
      "every agent to have planned day 1",
    );
    const mostPlans = Math.max(...plans.map((row) => row.n));
    expect(mostPlans).toBe(1);

    recordAttack(
      "one writer per world",
      `${CALLS} concurrent create and joinOrCreate calls for one world from ${CLIENTS} clients`,
      `${roomIds.size} room (health rooms ${health.rooms}), ${refusals.length} creates refused then joined, ${rooms.length} of ${CALLS} callers in it, at most ${mostPlans} active day-1 plan per agent`,
      CALLS,
    );
  });
});
