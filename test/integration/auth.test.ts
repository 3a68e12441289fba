import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { createUser } from "../../db/repositories/user-repository.ts";
import { checkingAccounts } from "../../src/auth/account-check.ts";
import { promoteToAdmin } from "../../src/auth/make-admin.ts";
import { requireRole, authenticatedUser } from "../../src/auth/middleware.ts";
import { authRouter } from "../../src/auth/routes.ts";
import { createTokenService } from "../../src/auth/tokens.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";

const SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";
const TTL_SECONDS = 3600;
const PASSWORD = "correct horse battery";

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

describe(`auth HTTP API on ${backend}`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let server: http.Server;
  let baseUrl: string;
  // Clocks the tests drive: login throttling, and token issue/expiry (offset from real time).
  let throttleNow = Date.parse("2030-01-01T00:00:00Z");
  let tokenClockOffsetMs = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    await migrate(db.pool);
    const signed = createTokenService({ secret: SECRET, ttlSeconds: TTL_SECONDS, now: () => Date.now() + tokenClockOffsetMs });
    // As the server does: every use reads the account (no reuse here, so changes count at once).
    const tokens = checkingAccounts(signed, db.pool, { cacheMs: 0 });
    const app = express();
    app.use(authRouter({ pool: db.pool, tokens, now: () => throttleNow }));
    app.get("/admin/ping", requireRole(tokens, "admin"), (_request, response) => {
      response.json({ ok: true, by: authenticatedUser(response).username });
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await db?.close();
    await testDb?.dispose();
  });

  async function request(method: string, path: string, options: { json?: unknown; raw?: string; token?: string; contentType?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined || options.raw !== undefined) {
      headers["content-type"] = options.contentType ?? "application/json";
      body = options.raw ?? JSON.stringify(options.json);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  const register = (username: string, password = PASSWORD) => request("POST", "/auth/register", { json: { username, password } });
  const login = (username: string, password = PASSWORD) => request("POST", "/auth/login", { json: { username, password } });

  it("registers a player whose token works on /auth/me", async () => {
    const registered = await register("Alice", PASSWORD);
    expect(registered.status).toBe(201);
    expect(registered.body.user).toEqual({ id: expect.any(String), username: "alice", role: "player" });
    expect(registered.body.token).toEqual(expect.any(String));
    expect(Date.parse(registered.body.expiresAt)).toBeGreaterThan(Date.now());
    expect(registered.headers.get("cache-control")).toBe("no-store");

    const me = await request("GET", "/auth/me", { token: registered.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: registered.body.user });
  });

  it("never makes an admin through registration, whatever the body says", async () => {
    const registered = await request("POST", "/auth/register", { json: { username: "sneaky", password: PASSWORD, role: "admin" } });
    expect(registered.status).toBe(201);
    expect(registered.body.user.role).toBe("player");
    const admin = await request("GET", "/admin/ping", { token: registered.body.token });
    expect(admin.status).toBe(403);
  });

  it("refuses a taken username with 409, ignoring letter case", async () => {
    await register("bob");
    const again = await register("BOB", "another password");
    expect(again.status).toBe(409);
    expect(again.body.error).toBe("username_taken");
    expect(again.body.message).toMatch(/"bob" is taken.*choose another/);
  });

  it("answers an invalid body with 400 naming each field", async () => {
    const reply = await request("POST", "/auth/register", { json: { username: "a!", password: "short" } });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe("invalid_request");
    const paths = reply.body.details.map((detail: { path: string }) => detail.path);
    expect(paths).toContain("username");
    expect(paths).toContain("password");
    expect(reply.body.details.find((detail: { path: string }) => detail.path === "password").message).toMatch(/at least 8 characters/);
    expect(reply.body.message).toMatch(/username: .*password: /s);

    const missing = await request("POST", "/auth/register", { json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([
      { path: "username", message: "username is required" },
      { path: "password", message: "password is required" },
    ]);

    const notAnObject = await request("POST", "/auth/register", { json: ["alice"] });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.body.details[0]).toEqual({ path: "(body)", message: "request body must be a JSON object" });
  });

  it("answers malformed JSON with 400 invalid_json and no stack trace", async () => {
    const reply = await request("POST", "/auth/login", { raw: '{"username": "alice", "password": ' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: "invalid_json", message: expect.stringMatching(/not valid JSON/) });
    expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.(js|ts)/);
  });

  it("refuses bodies over 16 kB with 413 and non-JSON bodies with 415", async () => {
    const big = await request("POST", "/auth/register", { json: { username: "big", password: "x".repeat(20_000) } });
    expect(big.status).toBe(413);
    expect(big.body.error).toBe("payload_too_large");
    const form = await request("POST", "/auth/login", { raw: "username=alice&password=x", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect(form.body.message).toMatch(/Content-Type: application\/json/);
  });

  it("logs in with the right password, in any letter case of the username", async () => {
    const reply = await login("ALICE");
    expect(reply.status).toBe(200);
    expect(reply.body.user).toMatchObject({ username: "alice", role: "player" });
    const me = await request("GET", "/auth/me", { token: reply.body.token });
    expect(me.body.user.username).toBe("alice");
  });

  it("answers a wrong password and an unknown user with the same 401", async () => {
    const wrongPassword = await login("alice", "not the password");
    const unknownUser = await login("nobody-here", PASSWORD);
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body.error).toBe("invalid_credentials");
    expect(unknownUser.body).toEqual(wrongPassword.body);
  });

  it("throttles a username from one address after 10 failures, until the window has passed", async () => {
    await register("carol");
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect((await login("carol", `wrong guess ${attempt}`)).status).toBe(401);
      throttleNow += 1_000;
    }
    const throttled = await login("carol");
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toBe("throttled");
    expect(throttled.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(throttled.body.retryAfterSeconds).toBeLessThanOrEqual(300);
    expect(throttled.headers.get("retry-after")).toBe(String(throttled.body.retryAfterSeconds));
    expect(throttled.body.message).toMatch(/try again in \d+ s/);
    // Other accounts from the same address are not affected.
    expect((await login("alice")).status).toBe(200);

    throttleNow += throttled.body.retryAfterSeconds * 1000;
    const after = await login("carol");
    expect(after.status).toBe(200);
  });

  it("refuses an expired token with a message saying so and how to fix it", async () => {
    const { body } = await login("alice");
    tokenClockOffsetMs = (TTL_SECONDS + 1) * 1000;
    try {
      const me = await request("GET", "/auth/me", { token: body.token });
      expect(me.status).toBe(401);
      expect(me.body.error).toBe("expired_token");
      expect(me.body.message).toContain(`token expired at ${body.expiresAt}`);
      expect(me.body.message).toMatch(/log in again with POST \/auth\/login/);
      expect(me.headers.get("www-authenticate")).toMatch(/^Bearer /);
    } finally {
      tokenClockOffsetMs = 0;
    }
  });

  it("refuses a tampered token, a token from another secret and a missing one", async () => {
    const { body } = await login("alice");
    const [header, payload, signature] = body.token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: "admin" })).toString("base64url");
    const tampered = await request("GET", "/admin/ping", { token: `${header}.${forged}.${signature}` });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error).toBe("invalid_token");
    expect(tampered.body.message).toMatch(/signature does not match/);

    const unsignedHeader = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const unsigned = await request("GET", "/auth/me", { token: `${unsignedHeader}.${forged}.` });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toBe("invalid_token");

    const otherServer = createTokenService({ secret: "x".repeat(40), ttlSeconds: 60 });
    const foreign = await otherServer.sign({ sub: claims.sub, username: "alice", role: "admin" });
    expect((await request("GET", "/auth/me", { token: foreign.token })).body.error).toBe("invalid_token");

    const garbage = await request("GET", "/auth/me", { token: "not-a-jwt" });
    expect(garbage.status).toBe(401);
    expect(garbage.body.message).toMatch(/not a well-formed JWT/);

    const none = await request("GET", "/auth/me");
    expect(none.status).toBe(401);
    expect(none.body.error).toBe("unauthenticated");
    expect(none.body.message).toMatch(/Authorization: Bearer <token>/);
  });

  it("gives a player 403 on an admin route and a promoted admin 200, with an audit_log row", async () => {
    const registered = await register("dana");
    const asPlayer = await request("GET", "/admin/ping", { token: registered.body.token });
    expect(asPlayer.status).toBe(403);
    expect(asPlayer.body.error).toBe("forbidden");
    expect(asPlayer.body.message).toMatch(/^admin role required/);

    const result = await promoteToAdmin(db.pool, "Dana", { actor: "test" });
    expect(result).toEqual({ user: { id: registered.body.user.id, username: "dana", role: "admin" }, changed: true });
    expect((await promoteToAdmin(db.pool, "dana")).changed).toBe(false);
    await expect(promoteToAdmin(db.pool, "nobody-at-all")).rejects.toThrow(/no user named "nobody-at-all"/);

    const audit = await db.pool.query("SELECT actor, action, table_name, target_id, old_values, new_values FROM audit_log WHERE target_id = $1", [
      registered.body.user.id,
    ]);
    expect(audit.rows).toEqual([
      { actor: "test", action: "user.promote_admin", table_name: "users", target_id: registered.body.user.id, old_values: { role: "player" }, new_values: { role: "admin" } },
    ]);

    // The token issued before the promotion carries the account's current role: no new login needed.
    expect((await request("GET", "/auth/me", { token: registered.body.token })).body.user.role).toBe("admin");
    const asAdmin = await request("GET", "/admin/ping", { token: registered.body.token });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toEqual({ ok: true, by: "dana" });
  });

  it("takes the role and the existence of the account at each use, not from the token", async () => {
    const registered = await register("gwen");
    await promoteToAdmin(db.pool, "gwen", { actor: "test" });
    const { token } = (await login("gwen")).body;
    expect((await request("GET", "/admin/ping", { token })).status).toBe(200);

    await db.pool.query("UPDATE users SET role = 'player' WHERE username = 'gwen'");
    const demoted = await request("GET", "/admin/ping", { token });
    expect(demoted.status).toBe(403);
    expect(demoted.body.message).toMatch(/this account has the role "player"/);

    await db.pool.query("DELETE FROM users WHERE id = $1", [registered.body.user.id]);
    for (const path of ["/admin/ping", "/auth/me"]) {
      const deleted = await request("GET", path, { token });
      expect(deleted.status).toBe(401);
      expect(deleted.body).toEqual({ error: "invalid_token", message: expect.stringMatching(/no longer exists; create one with POST \/auth\/register/) });
    }
  });

  it("stores a salted scrypt hash, never the password", async () => {
    await register("erin", "same password for both");
    await register("frank", "same password for both");
    const { rows } = await db.pool.query<{ username: string; password_hash: string }>(
      "SELECT username, password_hash FROM users WHERE username IN ('erin', 'frank') ORDER BY username",
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
      expect(row.password_hash).not.toContain("same password");
    }
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
    expect(rows[0]!.password_hash.split("$")[4]).not.toBe(rows[1]!.password_hash.split("$")[4]);
  });

  it("reuses a read of the account for ACCOUNT_CHECK_CACHE_MS, then reads it again", async () => {
    let accountClock = Date.parse("2030-01-01T00:00:00Z");
    const signedAt = createTokenService({ secret: SECRET, ttlSeconds: TTL_SECONDS, now: () => accountClock });
    const tokens = checkingAccounts(signedAt, db.pool, { cacheMs: 5_000, now: () => accountClock });
    const user = await createUser(db.pool, { username: "cached_admin", passwordHash: "not-a-real-hash", role: "admin" });
    const { token } = await signedAt.sign({ sub: user.id, username: user.username, role: user.role });
    expect((await tokens.verify(token)).role).toBe("admin");
    await db.pool.query("UPDATE users SET role = 'player' WHERE username = 'cached_admin'");
    accountClock += 4_999;
    expect((await tokens.verify(token)).role).toBe("admin");
    accountClock += 1;
    expect((await tokens.verify(token)).role).toBe("player");
  });
});
