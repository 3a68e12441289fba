import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { createCharacter } from "../../db/repositories/character-repository.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { expireGuests } from "../../src/guests/guest-expiry.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { backend, migratedTestDatabase, type MigratedTestDatabase } from "../support/database.ts";

const HOUR_MS = 3_600_000;

describe(`guest expiry on ${backend}`, () => {
  let migrated: MigratedTestDatabase;
  let db: Database;
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;

  beforeAll(async () => {
    migrated = await migratedTestDatabase();
    db = migrated.db;
    worlds = await makeWorldsDir(smallWorld, { "rosa.json": agent("rosa") });
    await loadContent(db.pool, { paths: [worlds.worldDir], worldsDir: worlds.worldsDir, defaultWorldId: "meadow", actor: "test" });
  });
  afterAll(async () => {
    await migrated?.dispose();
    await worlds?.cleanup();
  });

  it("a guest who never comes back is removed after GUEST_EXPIRY, with its relationships; accounts and recent guests stay", async () => {
    const spawn = { worldId: "meadow", x: 14, y: 10 };
    const gone = await createCharacter(db.pool, { userId: null, name: "Gone", ...spawn });
    const flushed = await createCharacter(db.pool, { userId: null, name: "Flushed", ...spawn });
    const recent = await createCharacter(db.pool, { userId: null, name: "Recent", ...spawn });
    const { rows: users } = await db.pool.query<{ id: string }>("INSERT INTO users (username, password_hash) VALUES ('keeper', 'x') RETURNING id");
    const account = await createCharacter(db.pool, { userId: users[0]!.id, name: "keeper", ...spawn });
    await db.pool.query("INSERT INTO agent_player_relationships (agent_id, character_id) VALUES ('rosa', $1), ('rosa', $2)", [gone.id, recent.id]);
    // Gone was never flushed (no last_seen_at: its creation counts); Flushed was last seen 100 hours ago.
    await db.pool.query("UPDATE characters SET created_at = now() - interval '200 hours', last_seen_at = NULL WHERE id = $1", [gone.id]);
    await db.pool.query("UPDATE characters SET created_at = now() - interval '300 hours', last_seen_at = now() - interval '100 hours' WHERE id = $1", [flushed.id]);
    await db.pool.query("UPDATE characters SET created_at = now() - interval '300 hours' WHERE id = $1", [account.id]);

    expect(await expireGuests(db.pool, 168, Date.now())).toBe(1);
    const left = async () => (await db.pool.query<{ character_name: string }>("SELECT character_name FROM characters ORDER BY character_name")).rows.map((row) => row.character_name);
    expect(await left()).toEqual(["Flushed", "Recent", "keeper"]);
    const relationships = await db.pool.query("SELECT character_id FROM agent_player_relationships");
    expect(relationships.rows).toEqual([{ character_id: recent.id }]);

    // 100 more hours on: Flushed passes 168 hours unseen, Recent does not; the account never expires.
    expect(await expireGuests(db.pool, 168, Date.now() + 100 * HOUR_MS)).toBe(1);
    expect(await left()).toEqual(["Recent", "keeper"]);
    expect(await expireGuests(db.pool, 168, Date.now() + 169 * HOUR_MS)).toBe(1);
    expect(await left()).toEqual(["keeper"]);
  });
});
