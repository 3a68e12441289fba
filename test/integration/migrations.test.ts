import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { backend, copyOfMigrations, createTestDatabase, type TestDatabase } from "../support/database.ts";

const SEED_TABLES = [
  "users", "characters", "agents", "agent_states", "agent_memories", "agent_reflections", "agent_metacognition",
  "agent_relationships", "agent_player_relationships", "conversation_logs", "agent_schedules", "agent_plans",
];

describe(`migrations on ${backend}`, () => {
  let testDb: TestDatabase;
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    // A private copy of the migrations, so the checksum test can edit one.
    dir = await copyOfMigrations();
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("applies every migration to a fresh database and records each with its checksum", async () => {
    const result = await migrate(db.pool, dir);
    expect(result.applied).toContain("001_initial_schema.sql");
    const { rows } = await db.pool.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
    expect(rows.map((row) => row.name)).toEqual(result.applied);
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    const tables = await db.pool.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    const names = tables.rows.map((row) => row.tablename);
    for (const table of [...SEED_TABLES, "worlds", "llm_calls", "audit_log"]) expect(names).toContain(table);
  });

  it("is safe to run twice: the second run applies nothing", async () => {
    const again = await migrate(db.pool, dir);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toContain("001_initial_schema.sql");
  });

  it("keeps embeddings of the default offline embedder's 1,124 dimensions in the row, out of TOAST", async () => {
    await db.pool.query(`INSERT INTO worlds (id, name, definition, definition_hash) VALUES ('toast', 'T', '{}', 'h')`);
    await db.pool.query(`INSERT INTO agents (id, world_id, name, definition, definition_hash) VALUES ('t', 'toast', 'T', '{}', 'h')`);
    const vector = `[${Array.from({ length: 1124 }, (_, index) => Math.sin(index + 1)).join(",")}]`;
    await db.pool.query(`INSERT INTO agent_memories (agent_id, memory_type, content, embedding, embedding_model) SELECT 't', 'observation', 'memory ' || g, $1, 'm' FROM generate_series(1, 20) g`, [vector]);
    const { rows } = await db.pool.query(`SELECT pg_relation_size(reltoastrelid)::int AS toast FROM pg_class WHERE relname = 'agent_memories'`);
    expect(rows[0].toast).toBe(0);
    await db.pool.query("DELETE FROM worlds WHERE id = 'toast'");
  });

  it("enforces the ranges of seed 002 in the schema", async () => {
    await db.pool.query(`INSERT INTO worlds (id, name, definition, definition_hash) VALUES ('w', 'W', '{}', 'h')`);
    await db.pool.query(`INSERT INTO agents (id, world_id, name, definition, definition_hash) VALUES ('a', 'w', 'A', '{}', 'h'), ('b', 'w', 'B', '{}', 'h')`);
    await expect(db.pool.query(`INSERT INTO agent_memories (agent_id, memory_type, content, importance_score) VALUES ('a', 'observation', 'x', 11)`)).rejects.toThrow(/check/i);
    await expect(db.pool.query(`INSERT INTO agent_relationships (agent_id, other_agent_id, affection_score) VALUES ('a', 'b', 101)`)).rejects.toThrow(/check/i);
    await expect(db.pool.query(`INSERT INTO agent_relationships (agent_id, other_agent_id, trust_level) VALUES ('a', 'b', -1)`)).rejects.toThrow(/check/i);
    // Deleting an agent takes its memories with it.
    await db.pool.query(`INSERT INTO agent_memories (agent_id, memory_type, content, embedding, embedding_model) VALUES ('a', 'observation', 'x', $1, 'local-hash-256')`, [
      `[${new Array(256).fill(0.1).join(",")}]`,
    ]);
    await db.pool.query("DELETE FROM agents WHERE id = 'a'");
    const left = await db.pool.query("SELECT count(*)::int AS n FROM agent_memories");
    expect(left.rows[0].n).toBe(0);
  });

  it("refuses to run when an applied migration changed on disk, and names the file", async () => {
    const file = path.join(dir, "001_initial_schema.sql");
    await fs.appendFile(file, "\n-- edited after it was applied\n");
    await expect(migrate(db.pool, dir)).rejects.toThrow(/001_initial_schema\.sql changed after it was applied.*new migration/);
  });

  it("rolls back a failing migration entirely", async () => {
    const broken = await copyOfMigrations();
    await fs.writeFile(path.join(broken, "999_half_done.sql"), "CREATE TABLE half_done (id int);\nSELECT no_such_function();\n");
    await expect(migrate(db.pool, broken)).rejects.toThrow(/999_half_done\.sql failed and was rolled back/);
    const tables = await db.pool.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'half_done'");
    expect(tables.rows[0].n).toBe(0);
    const recorded = await db.pool.query("SELECT count(*)::int AS n FROM schema_migrations WHERE version = '999'");
    expect(recorded.rows[0].n).toBe(0);
    await fs.rm(broken, { recursive: true, force: true });
  });
});
