import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "../support/accounts.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { nextMessage } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { recordAttack } from "./support/ledger.ts";

const SUITE = "guests pile up";
const GUEST_JOINS_PER_HOUR = 20;
const ATTEMPTS = 1_000;
const AT_ONCE = 25;

describe(SUITE, () => {
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;

  beforeAll(async () => {
    worlds = await makeWorldsDir(smallWorld, { "rosa.json": agent("rosa") });
  });
  afterAll(async () => {
    await worlds?.cleanup();
  });

  const guests = async (server: RunningServer) =>
    (await server.game.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM characters WHERE user_id IS NULL")).rows[0]!.n;

  describe("on one server", () => {
    let server: RunningServer;

    beforeAll(async () => {
      server = await startTestServer({
        WORLDS_DIR: worlds.worldsDir,
        DEFAULT_WORLD: "meadow",
        GUEST_JOINS_PER_HOUR: String(GUEST_JOINS_PER_HOUR),
        // The connection throttle would refuse part of this burst first; the guest limit is what is tested here.
        CONNECT_RATE_PER_SECOND: "100000",
        CONNECT_RATE_BURST: "100000",
      });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("a thousand guest joins from one address are limited", async () => {
      const outcomes = new Map<string, number>();
      const rooms = [];
      for (let start = 0; start < ATTEMPTS; start += AT_ONCE) {
        const batch = await Promise.allSettled(Array.from({ length: Math.min(AT_ONCE, ATTEMPTS - start) }, (_, i) => server.client().joinOrCreate("world", { name: `Pile ${start + i}` })));
        for (const result of batch) {
          if (result.status === "fulfilled") {
            rooms.push(result.value);
            outcomes.set("joined", (outcomes.get("joined") ?? 0) + 1);
            continue;
          }
          const error = result.reason as { code?: number; message: string };
          expect(error.message).toMatch(/too many new guests from your address: at most 20 an hour \(GUEST_JOINS_PER_HOUR\)/);
          outcomes.set(`refused ${error.code}`, (outcomes.get(`refused ${error.code}`) ?? 0) + 1);
        }
      }
      expect(outcomes.get("joined")).toBe(GUEST_JOINS_PER_HOUR);
      expect(outcomes.get("refused 4429")).toBe(ATTEMPTS - GUEST_JOINS_PER_HOUR);
      expect(await guests(server)).toBe(GUEST_JOINS_PER_HOUR);
      // The limit is on new guest characters: an account still gets in.
      await Promise.all(rooms.map((room) => room.leave()));
      const token = await register(server.httpUrl, "pile_player");
      const account = await server.client().joinOrCreate("world", { token });
      await account.leave();
      expect(await guests(server)).toBe(GUEST_JOINS_PER_HOUR);
      recordAttack(SUITE, `${ATTEMPTS} guest joins from one address (GUEST_JOINS_PER_HOUR=${GUEST_JOINS_PER_HOUR})`, `${[...outcomes].map(([what, n]) => `${n} ${what}`).join(", ")}; ${await guests(server)} guest characters written; an account still joined`, ATTEMPTS);
    });

    it("an unknown join option is refused", async () => {
      const before = await guests(server);
      const attempts: [string, Record<string, unknown>][] = [
        ["joinOrCreate", { name: "Odd", colour: "red" }],
        ["joinOrCreate", { name: "Odd", role: "admin", userId: "someone" }],
        ["create", { world: "meadow", admin: true }],
      ];
      const messages: string[] = [];
      for (const [method, options] of attempts) {
        const client = server.client();
        const outcome = await (method === "create" ? client.create("world", options) : client.joinOrCreate("world", options)).then(
          async (room) => {
            await room.leave();
            return "joined";
          },
          (error: Error) => error.message,
        );
        const unknown = Object.keys(options).filter((key) => !["name", "world"].includes(key));
        expect(outcome).toMatch(new RegExp(`unknown join options? ${unknown.map((key) => `"${key}"`).join(", ")}; the options are world, name, token, guestToken`));
        messages.push(outcome);
      }
      expect(await guests(server)).toBe(before);
      recordAttack(SUITE, "joins with unknown options (colour, role, userId, admin)", `${messages.length} of ${attempts.length} refused naming the options, ${(await guests(server)) - before} characters written`, attempts.length);
    });
  });

  it("guest joins with forged X-Real-IP and X-Forwarded-For headers count against the real address", async () => {
    const server = await startTestServer({ WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: "meadow", GUEST_JOINS_PER_HOUR: String(GUEST_JOINS_PER_HOUR), CONNECT_RATE_PER_SECOND: "100000", CONNECT_RATE_BURST: "100000" });
    try {
      const forgers = 2 * GUEST_JOINS_PER_HOUR;
      const results = await Promise.allSettled(
        Array.from({ length: forgers }, (_, i) => {
          const forged = `203.0.113.${i + 1}`;
          return new Client(server.httpUrl, { headers: { "x-real-ip": forged, "x-forwarded-for": forged, "x-client-ip": forged } }).joinOrCreate("world", { name: `Forger ${i}` });
        }),
      );
      const joined = results.filter((result) => result.status === "fulfilled");
      const refused = results.filter((result) => result.status === "rejected" && (result.reason as { code?: number }).code === 4429);
      expect(joined).toHaveLength(GUEST_JOINS_PER_HOUR);
      expect(refused).toHaveLength(forgers - GUEST_JOINS_PER_HOUR);
      expect(await guests(server)).toBe(GUEST_JOINS_PER_HOUR);
      await Promise.all(joined.map((result) => result.value.leave()));
      recordAttack(SUITE, `${forgers} guest joins from one address, each forging another X-Real-IP / X-Forwarded-For (no TRUST_PROXY)`, `${joined.length} joined, ${refused.length} refused with 4429: the forged headers were ignored`, forgers);
    } finally {
      await server.stop();
    }
  });

  it("a guest who never comes back is removed after GUEST_EXPIRY", async () => {
    const database: TestDatabase = await createTestDatabase({ persistent: true });
    // A fixed secret, so guest tokens from before the restart still verify.
    const env = { WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: "meadow", GUEST_EXPIRY_HOURS: "24", AUTH_SECRET: "guest-expiry-test-secret-".padEnd(40, "x") };
    let server = await startTestServer(env, database);
    try {
      const join = async (name: string) => {
        const room = await server.client().joinOrCreate("world", { name });
        const welcome = await nextMessage(room, "welcome");
        await room.leave();
        return welcome as { characterId: string; guestToken: string };
      };
      const gone = await join("Gone");
      const back = await join("Back");
      const token = await register(server.httpUrl, "old_timer");
      await (await server.client().joinOrCreate("world", { token })).leave();
      const pool = server.game.db.pool;
      // The clock is driven through the data: these characters were last seen 25 hours ago.
      await waitFor(() => pool.query("SELECT count(*)::int AS n FROM characters WHERE last_seen_at IS NOT NULL"), (result) => result.rows[0].n === 3, "the leaves flushed");
      await pool.query("UPDATE characters SET last_seen_at = now() - interval '25 hours', created_at = now() - interval '25 hours'");
      // Back returns (with its guest token) before the sweep: it counts as seen now.
      const returned = await server.client().joinOrCreate("world", { guestToken: back.guestToken });
      expect((await nextMessage(returned, "welcome")).characterId).toBe(back.characterId);
      await returned.leave();
      await server.stop();

      server = await startTestServer(env, database);
      const names = await waitFor(
        async () => (await server.game.db.pool.query<{ character_name: string }>("SELECT character_name FROM characters ORDER BY character_name")).rows.map((row) => row.character_name),
        (left) => !left.includes("Gone"),
        "the expired guest to be deleted",
      );
      expect(names).toEqual(["Back", "old_timer"]);
      // Gone's token now finds no character: a new guest is made instead.
      const again = await server.client().joinOrCreate("world", { guestToken: gone.guestToken, name: "Gone again" });
      const welcome = await nextMessage(again, "welcome");
      expect(welcome.characterId).not.toBe(gone.characterId);
      await again.leave();
      recordAttack(SUITE, "guests left 25 hours unseen with GUEST_EXPIRY_HOURS=24, then a restart", `deleted at the sweep (left: ${names.join(", ")}); the returning guest and the account kept; the expired token made a new guest`, 3);
    } finally {
      await server.stop();
      await database.dispose();
    }
  });
});
