import { spawn } from "node:child_process";
import { once } from "node:events";
import { Client } from "@colyseus/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";

describe(`the server process (${backend})`, () => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.dispose();
  });

  it("on SIGTERM flushes live state, closes the database and exits 0", async () => {
    database = await createTestDatabase({ persistent: true });
    const env = {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      // Longer than the test: only the shutdown flush can store the final position.
      FLUSH_INTERVAL_MS: "60000",
      ...(database.url ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir! }),
    };
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk;
        const match = /listening on ws:\/\/localhost:(\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.stderr.on("data", (chunk: Buffer) => (output += chunk));
      child.once("exit", (code) => reject(new Error(`server exited early with ${code}:\n${output}`)));
    });

    const room = await new Client(`http://127.0.0.1:${port}`).joinOrCreate<any>("world", { name: "Leaver" });
    const { characterId } = await nextMessage(room, "welcome");
    room.send("move_to", { x: 23, y: 25 });
    await waitForState(room, (state) => {
      const me = state.players.get(room.sessionId);
      return me.x === 23 && me.y === 25 && !me.moving;
    });

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code, output).toBe(0);
    expect(output).toMatch(/"signal":"SIGTERM".*shutting down/);

    const db = await database.open();
    try {
      const { rows } = await db.pool.query("SELECT x, y FROM characters WHERE id = $1", [characterId]);
      expect(rows[0]).toEqual({ x: 23, y: 25 });
    } finally {
      await db.close();
    }
  });
});
