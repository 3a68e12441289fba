import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { recordAttack } from "./support/ledger.ts";

const SUITE = "public endpoints";
const METRICS_TOKEN = "scraper-secret-0123456789abcdef";

describe("an anonymous scraper reading /metrics on a server that keeps it private", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("gets 401 without the token or with a wrong one; the configured scraper reads it; /health stays public", async () => {
    const anonymous = await fetch(`${server.httpUrl}/metrics`);
    const wrong = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` } });
    const scraper = await fetch(`${server.httpUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const health = await fetch(`${server.httpUrl}/health`);

    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "unauthenticated", message: expect.stringContaining("METRICS_TOKEN") });
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("lw_tick_duration_seconds");
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toContain("lw_tick_duration_seconds");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });

    recordAttack(SUITE, "anonymous and wrong-token scrapes of /metrics with METRICS_TOKEN set", `HTTP ${anonymous.status} and ${wrong.status}; the scraper with the token got ${scraper.status}; /health ${health.status}`, 3);
  });

  it("is readable by anyone when METRICS_TOKEN is unset (the documented default)", async () => {
    const open = await startTestServer({}, server.testDb);
    try {
      expect((await fetch(`${open.httpUrl}/metrics`)).status).toBe(200);
    } finally {
      await open.game.shutdown();
    }
  });
});
