import type { Room } from "@colyseus/sdk";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientMessages } from "../../rooms/client-messages.ts";
import { adminToken } from "../support/accounts.ts";
import { conversationWorld } from "../support/conversation-world.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { closeCode, nextMessage, waitForState } from "../support/room-state.ts";
import { record } from "./support/ledger.ts";

const RUNS = 120;

/** Payloads near and far from valid ones: JSON of any shape, strings full of SQL and markup, numbers at the edges. */
const nasty = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom("'; DROP TABLE agents; --", "\u0000", "NaN", "Infinity", "<script>alert(1)</script>", "🙂".repeat(200), "a".repeat(5_000)),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
);
const messageLike = fc.record({ dx: nasty, dy: nasty, x: nasty, y: nasty, text: nasty, to: nasty, agentId: nasty, t: nasty, clientMessageId: nasty }, { requiredKeys: [] });

describe("fuzzing every room message and HTTP body (fast-check)", () => {
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof conversationWorld>>;
  let bystander: Room;
  let tried = 0;

  beforeAll(async () => {
    world = await conversationWorld({ conversations: { npcChattiness: 0 } });
    server = await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", RATE_LIMIT_PER_SECOND: "1000", RATE_LIMIT_BURST: "1000" });
    bystander = await server.client().joinOrCreate("world", { name: "Bystander" });
    await waitForState(bystander, (state: any) => state.players.has(bystander.sessionId));
  });
  afterAll(async () => {
    await bystander?.leave().catch(() => undefined);
    await server?.stop();
    await world?.cleanup();
    record({ suite: "fuzzed messages and HTTP bodies", faults: 0, inputs: tried, lost: 0 });
  });

  async function stillServed(): Promise<void> {
    bystander.send("ping", { t: tried });
    expect(await nextMessage(bystander, "pong")).toMatchObject({ t: tried });
  }

  it("room messages: a malformed one drops its sender with 4400, valid ones are handled, nobody else notices", async () => {
    const types = [...Object.keys(ClientMessages), "fly", "", "__proto__", "constructor"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...types), fc.oneof(messageLike, nasty), async (type, payload) => {
        tried++;
        const room = await server.client().joinOrCreate("world", { name: "Fuzzer" });
        const closed = closeCode(room, 2_000).catch(() => null);
        room.send(type, payload as never);
        const schema = Object.hasOwn(ClientMessages, type) ? (ClientMessages as Record<string, { safeParse(value: unknown): { success: boolean } }>)[type] : undefined;
        const valid = schema?.safeParse(payload ?? {}).success ?? false;
        // Frames over MAX_MESSAGE_BYTES (4096) are refused by the transport (1009) before any validation;
        // the JSON size only approximates the frame's, so near the limit either answer is right.
        const bytes = Buffer.byteLength(JSON.stringify(payload) ?? "");
        const code = await closed;
        if (bytes > 5_000) expect(code).toBe(1009);
        else if (!valid) expect(bytes < 3_000 ? [4400] : [4400, 1009]).toContain(code);
        else if (room.connection.isOpen) await room.leave();
        await stillServed();
      }),
      { numRuns: RUNS },
    );
  });

  it("HTTP bodies: every endpoint answers 4xx with a JSON error for any body, never 5xx", async () => {
    const admin = await adminToken(server.httpUrl, server.game.db.pool, "fuzz_admin");
    const endpoints: { path: string; token?: string }[] = [
      { path: "/auth/register" },
      { path: "/auth/login" },
      { path: "/admin/worlds/meadow/clock", token: admin },
      { path: "/admin/worlds/no-such-world/clock", token: admin },
      { path: "/admin/worlds/meadow/clock" },
    ];
    const body = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.record({ username: nasty, password: nasty, gameTime: nasty, speed: nasty, day: nasty, time: nasty }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), body, async ({ path, token }, text) => {
        tried++;
        const response = await fetch(`${server.httpUrl}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: text,
        });
        expect(response.status, `${path} ${text.slice(0, 200)}`).toBeLessThan(500);
        if (response.status >= 400) expect(await response.json()).toHaveProperty("error");
        else await response.arrayBuffer();
      }),
      { numRuns: RUNS * 2 },
    );
    await stillServed();
  });
});
