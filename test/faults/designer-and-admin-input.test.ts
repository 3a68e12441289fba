import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { DEFAULT_MAX_FILE_BYTES } from "../../src/content/read-json-file.ts";
import { adminToken, postJson } from "../support/accounts.ts";
import { addWorld, agent, makeWorldsDir, smallWorld, writeAgent } from "../support/content-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startTestServer } from "../support/game-server.ts";
import { runNpmScript } from "../support/run-cli.ts";
import { recordAttack } from "./support/ledger.ts";

const SUITE = "designer and admin input";
const NESTING = 50_000;

describe(SUITE, () => {
  let testDb: TestDatabase;
  let env: Record<string, string>;
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;

  beforeAll(async () => {
    // Persistent, so that on the embedded backend the CLI and these checks open the same folder (one at a time).
    testDb = await createTestDatabase({ persistent: true });
    worlds = await makeWorldsDir(smallWorld, { "rosa.json": agent("rosa") });
    env = { WORLDS_DIR: worlds.worldsDir, ...(testDb.url ? { DATABASE_URL: testDb.url } : { DATA_DIR: testDb.dataDir! }) };
    await withDb(migrate);
  });
  afterAll(async () => {
    await testDb?.dispose();
    await worlds?.cleanup();
  });

  const withDb = async <T>(work: (pool: Database["pool"]) => Promise<T>): Promise<T> => {
    const db = await testDb.open();
    try {
      return await work(db.pool);
    } finally {
      await db.close();
    }
  };
  const counts = () => withDb(async (pool) => (await pool.query("SELECT (SELECT count(*) FROM worlds)::int AS worlds, (SELECT count(*) FROM agents)::int AS agents, (SELECT count(*) FROM agent_memories)::int AS memories")).rows[0]);

  it("deeply nested tags get a located error, not a stack overflow", async () => {
    const tags = `${"[".repeat(NESTING)}"deep"${"]".repeat(NESTING)}`;
    await writeAgent(worlds.agentsDir, "nested.json", `{"id":"nested","name":"Nested","current_x":2,"current_y":2,"memories":[{"content":"a memory","tags":${tags}}]}`);
    try {
      const run = await runNpmScript("agents:load", [worlds.worldDir], env);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).not.toMatch(/Maximum call stack/);
      expect(run.stderr).toMatch(/error: .*nested\.json: \$\.memories\[0\]\.tags(\[0\])+: nested more than 32 levels deep/);
      expect(run.stderr).toMatch(/nothing was written/);
      expect(await counts()).toEqual({ worlds: 0, agents: 0, memories: 0 });
      recordAttack(SUITE, `agents:load with tags nested ${NESTING} deep`, `exit ${run.code}, error located at nested.json $.memories[0].tags[0]..., no stack overflow, 0 rows written`, 1);
    } finally {
      await fs.rm(path.join(worlds.agentsDir, "nested.json"));
    }
  });

  it("an oversized background file is refused with its size and the limit", async () => {
    const background = "The baker's story. ".repeat(Math.ceil((DEFAULT_MAX_FILE_BYTES + 1_000_000) / 19));
    await writeAgent(worlds.agentsDir, "huge.json", agent("huge", { background }));
    const size = (await fs.stat(path.join(worlds.agentsDir, "huge.json"))).size;
    try {
      const refused = await runNpmScript("agents:load", [worlds.worldDir], env);
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toContain(`huge.json: $: file is ${size} bytes, more than the limit of ${DEFAULT_MAX_FILE_BYTES} bytes per file (CONTENT_MAX_FILE_BYTES)`);
      expect(await counts()).toEqual({ worlds: 0, agents: 0, memories: 0 });
      // The limit is the operator's: raised above the file, the same file loads.
      const raised = await runNpmScript("agents:load", [worlds.worldDir], { ...env, CONTENT_MAX_FILE_BYTES: String(size + 1) });
      expect(raised.code, raised.stderr).toBe(0);
      expect((await counts()).agents).toBe(2);
      recordAttack(SUITE, `agents:load with a ${size}-byte background file`, `refused (exit ${refused.code}) naming ${size} bytes and the ${DEFAULT_MAX_FILE_BYTES}-byte limit, nothing written; loads with CONTENT_MAX_FILE_BYTES=${size + 1}`, 2);
    } finally {
      await fs.rm(path.join(worlds.agentsDir, "huge.json"));
      await withDb((pool) => pool.query("DELETE FROM worlds"));
    }
  });

  it("a world id of ../ in admin reload is refused and reads nothing outside WORLDS_DIR", async () => {
    // A world folder beside WORLDS_DIR, not in it: nothing may load it.
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "lw-escape-"));
    const worldsDir = path.join(root, "worlds");
    await addWorld(worldsDir, smallWorld, { "rosa.json": agent("rosa") });
    await addWorld(root, { ...smallWorld, id: "outside" }, { "intruder.json": agent("intruder") });
    const server = await startTestServer({ WORLDS_DIR: worldsDir, DEFAULT_WORLD: "meadow" });
    try {
      const admin = await adminToken(server.httpUrl, server.game.db.pool, "escape_admin");
      const ids = ["..%2Foutside", "..%2F..%2Foutside", "%2E%2E%2Foutside", "meadow%2F..%2F..%2Foutside"];
      const statuses: number[] = [];
      for (const id of ids) {
        const answer = await postJson(`${server.httpUrl}/admin/worlds/${id}/agents/reload`, {}, admin);
        expect(answer.status, JSON.stringify(answer.body)).toBe(400);
        expect(answer.body.message).toMatch(/^world id ".*" must be 1-64 lowercase letters/);
        expect(JSON.stringify(answer.body)).not.toContain(root);
        statuses.push(answer.status);
      }
      const loaded = await server.game.db.pool.query("SELECT id FROM agents WHERE id = 'intruder' UNION ALL SELECT id FROM worlds WHERE id = 'outside'");
      expect(loaded.rows).toEqual([]);
      // The CLI refuses the same id.
      const cli = await runNpmScript("agents:load", [worlds.agentsDir, "--world", "../outside", "--dry-run"], env);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(/world id "\.\.\/outside" must be 1-64 lowercase letters/);
      recordAttack(SUITE, "admin reload and agents:load --world with ../ world ids", `${statuses.length} reloads answered ${[...new Set(statuses)].join("/")}, CLI exit ${cli.code}, ${loaded.rows.length} rows from outside WORLDS_DIR`, ids.length + 1);
    } finally {
      await server.stop();
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
