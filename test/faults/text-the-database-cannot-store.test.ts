import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, postJson } from "../support/accounts.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { closeCode, nextMessage, waitForState } from "../support/room-state.ts";
import { recordAttack } from "./support/ledger.ts";

const SUITE = "text the database cannot store";
// What Postgres says about a NUL or a missing table: none of it may reach a client.
const DATABASE_TEXT = /invalid byte sequence|UTF8|0x00|relation|does not exist|syntax|SELECT|worlds_gone|users_gone/i;

describe(SUITE, () => {
  let server: RunningServer;
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;
  let admin: string;

  beforeAll(async () => {
    worlds = await makeWorldsDir(smallWorld, { "rosa.json": agent("rosa") });
    server = await startTestServer({ WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: "meadow" });
    admin = await adminToken(server.httpUrl, server.game.db.pool, "text_admin");
  });
  afterAll(async () => {
    await server?.stop();
    await worlds?.cleanup();
  });

  async function join(name: string): Promise<Room> {
    const room = await server.client().joinOrCreate("world", { name });
    await waitForState(room, (state: any) => state.players.has(room.sessionId));
    return room;
  }

  it("a chat line with a NUL byte is refused, not acknowledged as not_stored", async () => {
    const lines = ["hello\u0000world", "\u0000"];
    const codes: string[] = [];
    const closes: number[] = [];
    for (const text of lines) {
      const room = await join("Nul");
      const errors: { code: string; message: string }[] = [];
      room.onMessage("error", (error: { code: string; message: string }) => errors.push(error));
      const closed = closeCode(room);
      const refused = nextMessage(room, "error");
      room.send("say", { text, clientMessageId: `nul-${codes.length}` });
      const error = await refused;
      expect(error.code).toBe("invalid_message");
      expect(error.message).toMatch(/invalid "say" message \(text: contains a character that cannot be stored/);
      closes.push(await closed);
      expect(closes.at(-1)).toBe(4400);
      expect(errors.map((each) => each.code)).not.toContain("not_stored");
      codes.push(error.code);
    }
    const stored = await server.game.db.pool.query<{ lines: number }>("SELECT count(*)::int AS lines FROM conversation_logs");
    expect(stored.rows[0]!.lines).toBe(0);
    // A NUL in a message id is refused the same way.
    const room = await join("NulId");
    const refused = nextMessage(room, "error");
    room.send("say", { text: "hello", clientMessageId: "id\u0000" });
    expect((await refused).message).toMatch(/clientMessageId: contains a character that cannot be stored/);
    recordAttack(SUITE, "say with a NUL byte in text or clientMessageId", `${codes.length + 1} of ${lines.length + 1} lines answered invalid_message naming the field (close codes ${closes.join(", ")}), 0 not_stored, ${stored.rows[0]!.lines} lines stored`, lines.length + 1);
  });

  it("a NUL in a URL gets a 4xx, never a database error's text", async () => {
    const attempts: { what: string; response: () => Promise<{ status: number; body: any }> }[] = [
      { what: "GET /api/worlds/%00", response: () => get("/api/worlds/%00") },
      { what: "GET /api/worlds/%00/summary", response: () => get("/api/worlds/%00/summary") },
      { what: "GET /api/worlds/meadow/agents/%00", response: () => get("/api/worlds/meadow/agents/%00") },
      { what: "GET /api/worlds/%ED%A0%80 (an encoded surrogate)", response: () => get("/api/worlds/%ED%A0%80") },
      { what: "POST /admin/worlds/%00/clock", response: () => post(`/admin/worlds/%00/clock`, { speed: 1 }, admin) },
      { what: "POST /admin/worlds/%00/agents/reload", response: () => post(`/admin/worlds/%00/agents/reload`, {}, admin) },
      { what: "POST /auth/login with a NUL username", response: () => post("/auth/login", { username: "ro\u0000sa", password: "whatever it is" }) },
      { what: "POST /auth/login with an unpaired surrogate", response: () => post("/auth/login", { username: "ro\ud800sa", password: "whatever it is" }) },
      { what: "POST /auth/register with a NUL password", response: () => post("/auth/register", { username: "nul_user", password: "long enough\u0000" }) },
    ];
    const statuses: string[] = [];
    for (const attempt of attempts) {
      const { status, body } = await attempt.response();
      const text = JSON.stringify(body);
      expect(status, `${attempt.what}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(status, `${attempt.what}: ${text}`).toBeLessThan(500);
      expect(text, attempt.what).not.toMatch(DATABASE_TEXT);
      expect(body.message, attempt.what).toMatch(/world id|agent id|cannot be stored|could not be read/);
      statuses.push(String(status));
    }
    // A guest name with a NUL is refused at the join, naming the option.
    const join = await server.client().joinOrCreate("world", { name: "Gu\u0000est" }).then(() => "joined", (error: Error) => error.message);
    expect(join).toMatch(/join option "name" contains a character that cannot be stored/);
    expect(join).not.toMatch(DATABASE_TEXT);
    recordAttack(SUITE, "NUL and lone surrogates in URLs, auth bodies and join options", `${attempts.length} requests answered ${[...new Set(statuses)].join("/")} without database text; the join was refused naming "name"`, attempts.length + 1);
  });

  it("a database failure's text never reaches the client", async () => {
    const pool = server.game.db.pool;
    const answers: { what: string; status: number; body: any }[] = [];
    await pool.query("ALTER TABLE worlds RENAME TO worlds_gone");
    await pool.query("ALTER TABLE users RENAME TO users_gone");
    try {
      for (const [what, response] of [
        ["GET /api/worlds/meadow", () => get("/api/worlds/meadow")],
        ["POST /admin/worlds/meadow/clock", () => post("/admin/worlds/meadow/clock", { speed: 2 }, admin)],
        ["POST /auth/login", () => post("/auth/login", { username: "text_admin", password: "correct horse battery" })],
      ] as const) {
        answers.push({ what, ...(await response()) });
      }
    } finally {
      await pool.query("ALTER TABLE worlds_gone RENAME TO worlds");
      await pool.query("ALTER TABLE users_gone RENAME TO users");
    }
    for (const answer of answers) {
      expect(answer.status, answer.what).toBe(500);
      expect(answer.body, answer.what).toEqual({ error: "internal_error", message: expect.stringMatching(/server log has the details/) });
      expect(JSON.stringify(answer.body), answer.what).not.toMatch(DATABASE_TEXT);
    }
    recordAttack(SUITE, "requests while the database fails (tables renamed away)", `${answers.length} requests answered ${answers.map((answer) => answer.status).join("/")} internal_error, no database text in any body`, answers.length);
  });

  const get = async (path: string) => {
    const response = await fetch(`${server.httpUrl}${path}`);
    return { status: response.status, body: await response.json() };
  };
  const post = (path: string, body: unknown, token?: string) => postJson(`${server.httpUrl}${path}`, body, token);
});
