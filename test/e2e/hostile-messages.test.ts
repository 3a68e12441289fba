import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend } from "../support/database.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { closeCode, nextMessage, waitForState } from "../support/room-state.ts";

describe(`invalid, flooding and oversized messages (${backend})`, () => {
  let server: RunningServer;
  let bystander: Room;

  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_SECOND: "5", RATE_LIMIT_BURST: "20", RATE_LIMIT_DISCONNECT_AFTER: "20", MAX_MESSAGE_BYTES: "2048" });
    bystander = await join("Bystander");
  });
  afterAll(async () => {
    await bystander?.leave().catch(() => undefined);
    await server?.stop();
  });

  async function join(name: string): Promise<Room> {
    const room = await server.client().joinOrCreate("world", { name });
    await waitForState(room, (state: any) => state.players.has(room.sessionId));
    return room;
  }

  async function bystanderStillServed() {
    bystander.send("ping", { t: 1 });
    expect(await nextMessage(bystander, "pong")).toMatchObject({ t: 1 });
    expect(server.game.server).toBeDefined();
  }

  const invalid: [string, string, unknown, RegExp][] = [
    ["unknown type", "fly", { up: true }, /unknown message type "fly"; allowed: input, move_to, say, interact, ping/],
    ["input out of range", "input", { dx: 5, dy: 0 }, /invalid "input" message \(dx: /],
    ["input with a string", "input", { dx: "left", dy: 0 }, /invalid "input" message \(dx: /],
    ["move_to missing y", "move_to", { x: 3 }, /invalid "move_to" message \(y: /],
    ["move_to negative", "move_to", { x: -1, y: 2 }, /invalid "move_to" message \(x: /],
    ["say empty", "say", { text: "   " }, /invalid "say" message \(text: /],
    ["say too long", "say", { text: "a".repeat(501) }, /invalid "say" message \(text: /],
    ["interact bad id", "interact", { agentId: "'; DROP TABLE agents; --" }, /invalid "interact" message \(agentId: /],
    ["extra field", "input", { dx: 1, dy: 0, teleport: true }, /invalid "input" message/],
    ["not an object", "move_to", "north", /invalid "move_to" message/],
  ];

  it.each(invalid)("%s: the sender gets an error and is disconnected with 4400; others are untouched", async (_name, type, payload, message) => {
    const offender = await join("Offender");
    const error = nextMessage(offender, "error");
    const closed = closeCode(offender);
    offender.send(type, payload);
    expect((await error).message).toMatch(message);
    expect(await closed).toBe(4400);
    await bystanderStillServed();
  });

  it("a flood is rate limited, then disconnected with 4429; others are untouched", async () => {
    const flooder = await join("Flooder");
    const firstRefusal = nextMessage(flooder, "error");
    const closed = closeCode(flooder);
    for (let i = 0; i < 200; i++) flooder.send("ping", { t: i });
    expect(await firstRefusal).toMatchObject({ code: "rate_limited" });
    expect(await closed).toBe(4429);
    await bystanderStillServed();
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/lw_messages_rejected_total\{reason="rate_limited"\} \d+/);
    expect(metrics).toMatch(/lw_messages_rejected_total\{reason="invalid_message"\} \d+/);
  });

  it("an oversized frame is refused by closing the connection", async () => {
    const big = await join("Big");
    const closed = closeCode(big);
    big.send("say", { text: "x".repeat(5000) });
    expect(await closed).toBe(1009);
    await bystanderStillServed();
  });
});
