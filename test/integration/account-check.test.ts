import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { createUser } from "../../db/repositories/user-repository.ts";
import { checkingAccounts } from "../../src/auth/account-check.ts";
import { createTokenService } from "../../src/auth/tokens.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";

const SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";

describe(`account tokens checked against the account (${backend})`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let now = Date.parse("2030-01-01T00:00:00Z");
  const signed = createTokenService({ secret: SECRET, ttlSeconds: 3600, now: () => now });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.dispose();
  });

  async function tokenFor(username: string, role: "player" | "admin") {
    const user = await createUser(db.pool, { username, passwordHash: "not-a-real-hash", role });
    return { user, token: (await signed.sign({ sub: user.id, username: user.username, role })).token };
  }

  it("reuses a read of the account for ACCOUNT_CHECK_CACHE_MS, then reads it again", async () => {
    const tokens = checkingAccounts(signed, db.pool, { cacheMs: 5_000, now: () => now });
    const { token } = await tokenFor("cached_admin", "admin");
    expect((await tokens.verify(token)).role).toBe("admin");
    await db.pool.query("UPDATE users SET role = 'player' WHERE username = 'cached_admin'");
    now += 4_999;
    expect((await tokens.verify(token)).role).toBe("admin");
    now += 1;
    expect((await tokens.verify(token)).role).toBe("player");
  });

  it("reads the account on every use with a cache time of 0, and refuses a deleted account", async () => {
    const tokens = checkingAccounts(signed, db.pool, { cacheMs: 0, now: () => now });
    const { user, token } = await tokenFor("promoted_player", "player");
    expect(await tokens.verify(token)).toMatchObject({ sub: user.id, username: "promoted_player", role: "player" });
    await db.pool.query("UPDATE users SET role = 'admin' WHERE id = $1", [user.id]);
    expect((await tokens.verify(token)).role).toBe("admin");
    await db.pool.query("DELETE FROM users WHERE id = $1", [user.id]);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: "invalid_token", message: expect.stringMatching(/no longer exists/) });
  });
});
