import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "../../db/migrate.ts";
import { backend, copyOfMigrations, createTestDatabase, type TestDatabase } from "../support/database.ts";

const FEELING_MIGRATION = "005_feeling_memories.sql";

describe(`migration 005 on ${backend}: feelings stored as reflections before it become feelings`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    // The migrations before 005, applied first, so rows can be written the way the old code wrote them.
    dir = await copyOfMigrations((name) => name < FEELING_MIGRATION);
    await migrate(db.pool, dir);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("retypes old feelings, keeps real insights (even one that speaks of feelings) as reflections, and then accepts the feeling type", async () => {
    await db.pool.query(`INSERT INTO worlds (id, name, definition, definition_hash) VALUES ('w', 'W', '{}', 'h')`);
    await db.pool.query(`INSERT INTO agents (id, world_id, name, definition, definition_hash) VALUES ('rosa', 'w', 'Rosa', '{}', 'h')`);
    await db.pool.query(
      `INSERT INTO agent_memories (agent_id, memory_type, content) VALUES
         ('rosa', 'reflection', 'My feelings toward Marcus grew warmer: he helped with the ovens.'),
         ('rosa', 'reflection', 'I bake best when the square is quiet.'),
         ('rosa', 'reflection', 'My feelings toward the town are mixed lately.')`,
    );
    await db.pool.query(
      `INSERT INTO agent_reflections (agent_id, reflection, memory_id)
       SELECT agent_id, content, id FROM agent_memories WHERE content <> 'My feelings toward Marcus grew warmer: he helped with the ovens.'`,
    );
    await expect(db.pool.query(`INSERT INTO agent_memories (agent_id, memory_type, content) VALUES ('rosa', 'feeling', 'x')`)).rejects.toThrow(/check/i);

    await fs.copyFile(path.join(DEFAULT_MIGRATIONS_DIR, FEELING_MIGRATION), path.join(dir, FEELING_MIGRATION));
    expect((await migrate(db.pool, dir)).applied).toEqual([FEELING_MIGRATION]);
    const { rows } = await db.pool.query("SELECT memory_type, content FROM agent_memories ORDER BY id");
    expect(rows).toEqual([
      { memory_type: "feeling", content: "My feelings toward Marcus grew warmer: he helped with the ovens." },
      { memory_type: "reflection", content: "I bake best when the square is quiet." },
      { memory_type: "reflection", content: "My feelings toward the town are mixed lately." },
    ]);
    await db.pool.query(`INSERT INTO agent_memories (agent_id, memory_type, content) VALUES ('rosa', 'feeling', 'I feel settled.')`);
  });
});
