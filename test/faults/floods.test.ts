import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { closeCode, nextMessage, waitForState } from "../support/room-state.ts";
import { record } from "./support/ledger.ts";

describe("floods from one address", () => {
  let server: RunningServer;
  let bystander: Room;
  let tried = 0;

  beforeAll(async () => {
    server = await startTestServer({ CONNECT_RATE_PER_SECOND: "50", CONNECT_RATE_BURST: "50" });
    bystander = await server.client().joinOrCreate("world", { name: "Bystander" });
    await waitForState(bystander, (state: any) => state.players.has(bystander.sessionId));
  });
  afterAll(async () => {
    await bystander?.leave().catch(() => undefined);
    await server?.stop();
    record({ suite: "connection and message floods", faults: 0, inputs: tried, lost: 0 });
  });

  it("1,000 join attempts in a second are throttled with 429 and Retry-After; the server keeps serving and admits again afterwards", async () => {
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 1_000 }, async () => {
        tried++;
        const response = await fetch(`${server.httpUrl}/matchmake/joinOrCreate/world`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Flood" }) });
        const body = await response.json();
        return { status: response.status, retryAfter: response.headers.get("retry-after"), body };
      }),
    );
    const throttled = statuses.filter((answer) => answer.status === 429);
    // The burst (50) and what refilled meanwhile get through; the rest are refused at once.
    expect(statuses.length - throttled.length).toBeLessThanOrEqual(50 + 50 * Math.ceil((Date.now() - started) / 1000));
    expect(throttled.length).toBeGreaterThan(800);
    expect(throttled[0]).toMatchObject({ retryAfter: "1", body: { error: "throttled" } });
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
    bystander.send("ping", { t: 1 });
    expect(await nextMessage(bystander, "pong")).toMatchObject({ t: 1 });
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/lw_messages_rejected_total\{reason="throttled_matchmake"\} \d+/);

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const late = await server.client().joinOrCreate("world", { name: "Latecomer" });
    expect(late.sessionId).toBeTruthy();
    await late.leave();
  });

  it("a client sending thousands of messages a second is rate limited, then disconnected; others are untouched", async () => {
    const flooder = await server.client().joinOrCreate("world", { name: "Flooder" });
    const closed = closeCode(flooder);
    for (let i = 0; i < 3_000; i++) {
      tried++;
      flooder.send("input", { dx: i % 2, dy: 0 });
    }
    expect(await closed).toBe(4429);
    bystander.send("ping", { t: 2 });
    expect(await nextMessage(bystander, "pong")).toMatchObject({ t: 2 });
  });
});
