import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken } from "../support/accounts.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitForState } from "../support/room-state.ts";
import { recordAttack } from "./support/ledger.ts";

const SUITE = "browsers on other origins";
// A page on another port of the same host: the same site, so SameSite cookies alone do not stop it.
const FOREIGN = "http://127.0.0.1:9999";
const ALLOWED = "https://game.example.com";

describe(`pages from other origins (CORS_ORIGINS=${ALLOWED})`, () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: ALLOWED });
  });
  afterAll(async () => {
    await server?.stop();
  });

  // The world runs from boot: its clock is the room's, which players see (the database has it a flush later).
  const watchClock = async () => {
    const watcher = await server.client().joinOrCreate<{ gameTime: number; clockSpeed: number }>("world", { name: "Clockwatcher" });
    watcher.onMessage("welcome", () => undefined);
    await waitForState(watcher, (state) => state.gameTime > 0);
    return {
      speed: () => watcher.state.clockSpeed,
      /** The speed once a patch sent after now has arrived (the clock is published every game minute, so it moved). */
      speedAfterNextMinute: async () => {
        const seen = watcher.state.gameTime;
        return (await waitForState(watcher, (state) => state.gameTime > seen, 10_000, "the clock to move on")).clockSpeed;
      },
      leave: () => watcher.leave(),
    };
  };

  it("a cookie from another origin cannot change the clock", async () => {
    const admin = await adminToken(server.httpUrl, server.game.db.pool, "clock_admin");
    const monitor = await fetch(`${server.httpUrl}/admin/monitor/?access_token=${admin}`);
    expect(monitor.status).toBe(200);
    const setCookie = monitor.headers.get("set-cookie") ?? "";
    const cookie = setCookie.split(";")[0]!;
    const watcher = await watchClock();
    const before = watcher.speed();

    const clock = (headers: Record<string, string>) =>
      fetch(`${server.httpUrl}/admin/worlds/heartwood/clock`, { method: "POST", headers: { "content-type": "application/json", cookie, ...headers }, body: JSON.stringify({ speed: 0 }) });
    const forged = await clock({ origin: FOREIGN, "sec-fetch-site": "same-site" });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: "foreign_origin", message: expect.stringContaining(FOREIGN) });
    // Without Fetch Metadata (older browsers) the Origin alone decides.
    const forgedByOrigin = await clock({ origin: FOREIGN });
    expect(forgedByOrigin.status).toBe(403);
    // The cookie belongs to the monitor: it does not authorise the JSON API even from this server's own pages.
    const ownPage = await clock({ "sec-fetch-site": "same-origin" });
    expect(ownPage.status).toBe(401);
    // Nor may another origin's page use it on the monitor (whose API changes rooms with plain GETs).
    const monitorApi = (site: string) => fetch(`${server.httpUrl}/admin/monitor/api`, { headers: { cookie, "sec-fetch-site": site } });
    const foreignMonitor = await monitorApi("same-site");
    const ownMonitor = await monitorApi("same-origin");
    expect(foreignMonitor.status).toBe(401);
    expect(ownMonitor.status).toBe(200);
    const after = await watcher.speedAfterNextMinute();
    await watcher.leave();
    expect(after).toBe(before);
    expect(before).toBeGreaterThan(0);
    // Kept for the monitor alone, out of reach of scripts, and never sent by another site's pages.
    expect(setCookie).toMatch(/^lw_admin_token=[^;]+;/);
    expect(setCookie).toMatch(/; Path=\/admin\/monitor(;|$)/);
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Strict(;|$)/);
    recordAttack(
      SUITE,
      "a cookie from another origin cannot change the clock",
      `POST clock with the admin cookie from ${FOREIGN}: ${forged.status} (${forgedByOrigin.status} by Origin alone); cookie on the JSON API from our own page: ${ownPage.status}; monitor API with the cookie: ${foreignMonitor.status} from ${FOREIGN}, ${ownMonitor.status} from its own page; clock speed ${before} before, ${after} after`,
      5,
    );
  });

  it("a foreign origin gets no CORS grant", async () => {
    const grants = async (origin: string) => {
      const answers = await Promise.all([
        fetch(`${server.httpUrl}/api/worlds`, { headers: { origin } }),
        fetch(`${server.httpUrl}/api/worlds`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } }),
        fetch(`${server.httpUrl}/matchmake/joinOrCreate/world`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } }),
        fetch(`${server.httpUrl}/matchmake/joinOrCreate/world`, { method: "POST", headers: { origin, "content-type": "application/json" }, body: JSON.stringify({ name: "Cors" }) }),
      ]);
      await Promise.all(answers.map((answer) => answer.arrayBuffer()));
      return answers.map((answer) => answer.headers.get("access-control-allow-origin"));
    };
    const foreign = await grants(FOREIGN);
    const allowed = await grants(ALLOWED);
    expect(foreign).toEqual([null, null, null, null]);
    expect(allowed).toEqual([ALLOWED, ALLOWED, ALLOWED, ALLOWED]);
    recordAttack(
      SUITE,
      "a foreign origin gets no CORS grant",
      `Access-Control-Allow-Origin on /api (GET, preflight) and /matchmake (preflight, POST): ${foreign.filter((grant) => grant !== null).length} of 4 for ${FOREIGN}, ${allowed.filter((grant) => grant === ALLOWED).length} of 4 for ${ALLOWED} (in CORS_ORIGINS)`,
      8,
    );
  });

  it("the inspector page cannot be framed or sniffed", async () => {
    const pages = await Promise.all(["/", "/inspector/"].map((path) => fetch(`${server.httpUrl}${path}`)));
    for (const page of pages) {
      await page.arrayBuffer();
      const policy = page.headers.get("content-security-policy") ?? "";
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(policy).not.toContain("unsafe-inline");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    }
    const api = await fetch(`${server.httpUrl}/api/worlds`);
    expect(api.headers.get("content-type")).toMatch(/^application\/json/);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    await api.arrayBuffer();
    recordAttack(
      SUITE,
      "the inspector page cannot be framed or sniffed",
      `inspector page: CSP "${pages[0]!.headers.get("content-security-policy")}", X-Frame-Options ${pages[0]!.headers.get("x-frame-options")}, nosniff ${pages.length} of 2 pages and on /api JSON`,
      3,
    );
  });
});
