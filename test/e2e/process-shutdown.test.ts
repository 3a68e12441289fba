import { Client } from "@colyseus/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";
import { startServerProcess } from "../support/server-process.ts";

describe(`the server process (${backend})`, () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.dispose();
  });

  it("on SIGTERM flushes live state, closes the database and exits 0", async () => {
    database = await createTestDatabase({ persistent: true });
    const server = await startServerProcess({
      // Longer than the test: only the shutdown flush can store the final position.
      FLUSH_INTERVAL_MS: "60000",
      ...(database.url ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir! }),
    });
    const room = await new Client(server.httpUrl).joinOrCreate<any>("world", { name: "Leaver" });
    const { characterId } = await nextMessage(room, "welcome");
    room.send("move_to", { x: 23, y: 25 });
    await waitForState(room, (state) => {
      const me = state.players.get(room.sessionId);
      return me.x === 23 && me.y === 25 && !me.moving;
    });

    const code = await server.stop("SIGTERM");
    expect(code, server.output()).toBe(0);
    expect(server.output()).toMatch(/"signal":"SIGTERM".*shutting down/);

    const db = await database.open();
    try {
      const { rows } = await db.pool.query("SELECT x, y FROM characters WHERE id = $1", [characterId]);
      expect(rows[0]).toEqual({ x: 23, y: 25 });
    } finally {
      await db.close();
    }
  });
});
