import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, register } from "../support/accounts.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitFor } from "../support/wait-for.ts";
import { recordAttack } from "./support/ledger.ts";

// Short, so the test waits for a demotion no longer than the server may reuse an account read.
const ACCOUNT_CHECK_CACHE_MS = 300;
// What one HTTP round trip may take on a busy two-core machine, on top of the cache time.
const REQUEST_SLACK_MS = 1_500;
const SUITE = "tokens outlive their rights";

async function get(url: string, token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

describe("account tokens are checked against the account on use", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ ACCOUNT_CHECK_CACHE_MS: String(ACCOUNT_CHECK_CACHE_MS) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a demoted admin's token loses admin", async () => {
    const pool = server.game.db.pool;
    const token = await adminToken(server.httpUrl, pool, "fallen_admin");
    const adminRoute = `${server.httpUrl}/admin/worlds`;
    expect((await get(adminRoute, token)).status).toBe(200);

    await pool.query("UPDATE users SET role = 'player' WHERE username = 'fallen_admin'");
    const demotedAt = Date.now();
    const refused = await waitFor(() => get(adminRoute, token), (answer) => answer.status !== 200, "403 for the demoted admin", ACCOUNT_CHECK_CACHE_MS + REQUEST_SLACK_MS, 50);
    const tookMs = Date.now() - demotedAt;
    expect(refused).toEqual({ status: 403, body: { error: "forbidden", message: expect.stringMatching(/^admin role required \(this account has the role "player"/) } });
    // The player routes still work for the same token: the account exists, only its role changed.
    expect((await get(`${server.httpUrl}/auth/me`, token)).body.user.role).toBe("player");

    recordAttack(SUITE, "admin demoted in the database keeps using the admin API with the old token", `HTTP ${refused.status} on GET /admin/worlds ${tookMs} ms after the demotion (cache ${ACCOUNT_CHECK_CACHE_MS} ms)`, 2);
  });

  it("a deleted account's token reads nothing and joins nowhere", async () => {
    const pool = server.game.db.pool;
    const token = await register(server.httpUrl, "vanished");
    const inspector = `${server.httpUrl}/api/worlds/heartwood/agents/aldric_mayor`;
    expect((await get(inspector, token)).status).toBe(200);

    await pool.query("DELETE FROM users WHERE username = 'vanished'");
    const read = await waitFor(() => get(inspector, token), (answer) => answer.status !== 200, "401 on the inspector API", ACCOUNT_CHECK_CACHE_MS + REQUEST_SLACK_MS, 50);
    expect(read).toEqual({ status: 401, body: { error: "invalid_token", message: expect.stringMatching(/no longer exists; create one with POST \/auth\/register/) } });

    const joined = await server.client().joinOrCreate("world", { token }).then(
      () => undefined,
      (error: { code?: number; message: string }) => error,
    );
    expect(joined).toMatchObject({ code: 4401, message: expect.stringMatching(/the account this token was issued for no longer exists/) });
    expect(joined!.message).not.toMatch(/foreign key|violates|constraint|characters_user_id/i);
    const characters = await pool.query("SELECT count(*)::int AS n FROM characters c LEFT JOIN users u ON u.id = c.user_id WHERE c.user_id IS NOT NULL AND u.id IS NULL");
    expect(characters.rows[0].n).toBe(0);

    recordAttack(
      SUITE,
      "a deleted account's token reads the inspector API and joins a world",
      `inspector API HTTP ${read.status} (${read.body.error}); join refused with close code ${joined!.code}, no database error text`,
      3,
    );
  });
});
