import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, postJson } from "../support/accounts.ts";
import { ChatLog } from "../support/chat-log.ts";
import { conversationWorld } from "../support/conversation-world.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";
import { record } from "./support/ledger.ts";

const PAYLOADS = ["'; DROP TABLE agents; --", "x' OR '1'='1", "\\'; SELECT pg_sleep(5); --", "$1::text", "E'\\x00'", "🙂'); DELETE FROM users; --"];

describe("SQL metacharacters through every input path are stored as text, never run", () => {
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof conversationWorld>>;
  let tried = 0;

  beforeAll(async () => {
    world = await conversationWorld({ conversations: { npcChattiness: 0 } });
    server = await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow" });
  });
  afterAll(async () => {
    await server?.stop();
    await world?.cleanup();
    record({ suite: "sql metacharacters", faults: 0, inputs: tried, lost: 0 });
  });

  it("in passwords, guest names, spoken lines, message ids and admin bodies", async () => {
    const pool = server.game.db.pool;
    for (const [index, payload] of PAYLOADS.entries()) {
      tried += 5;
      // Passwords are hashed whatever they hold; usernames only take safe characters and say so.
      const registered = await postJson(`${server.httpUrl}/auth/register`, { username: `user_${index}`, password: `${payload}-long-enough` });
      expect(registered.status).toBe(201);
      expect((await postJson(`${server.httpUrl}/auth/login`, { username: `user_${index}`, password: `${payload}-long-enough` })).status).toBe(200);
      expect((await postJson(`${server.httpUrl}/auth/register`, { username: payload, password: "correct horse battery" })).status).toBe(400);

      const name = payload.slice(0, 32);
      const room = await server.client().joinOrCreate<any>("world", { name });
      const chat = new ChatLog(room);
      const welcome = await nextMessage(room, "welcome");
      await waitForState(room, (state) => state.agents.size === 3);
      room.send("say", { text: payload, to: "lina", clientMessageId: payload.slice(0, 64) });
      expect(await nextMessage(room, "said")).toMatchObject({ text: payload, clientMessageId: payload.slice(0, 64) });
      await chat.waitFor((m) => !m.partial && m.speakerId === "lina", "Lina's answer");
      const stored = await pool.query("SELECT c.character_name, l.message FROM conversation_logs l JOIN characters c ON c.id::text = l.initiator_id WHERE l.client_message_id = $1", [payload.slice(0, 64)]);
      expect(stored.rows).toEqual([{ character_name: welcome.name, message: payload }]);
      expect(welcome.name).toBe(name);
      await room.leave();
    }
    const admin = await adminToken(server.httpUrl, pool, "sql_admin");
    for (const payload of PAYLOADS) {
      tried++;
      const answer = await postJson(`${server.httpUrl}/admin/worlds/meadow/clock`, { time: payload }, admin);
      expect(answer.status).toBe(400);
    }
    const counts = await pool.query("SELECT (SELECT count(*) FROM agents)::int AS agents, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM conversation_logs)::int AS lines");
    expect(counts.rows[0]).toEqual({ agents: 3, users: PAYLOADS.length + 1, lines: PAYLOADS.length * 2 });
  });
});
