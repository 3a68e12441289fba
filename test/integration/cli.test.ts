import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR } from "../../db/migrate.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { runNpmScript } from "../support/run-cli.ts";

describe(`npm run db:migrate and agents:load on ${backend}`, () => {
  let testDb: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-cli-data-"));
    worlds = await makeWorldsDir(smallWorld, { "anna.json": agent("anna", { relationships: { ben: "friend" } }), "ben.json": agent("ben") });
    env = { DATA_DIR: dataDir, WORLDS_DIR: worlds.worldsDir, ...(testDb.url ? { DATABASE_URL: testDb.url } : {}) };
  });
  afterAll(async () => {
    await testDb?.dispose();
    await worlds?.cleanup();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("db:migrate --help and loadtest --help explain their usage and do nothing else", async () => {
    const fresh = await fs.mkdtemp(path.join(os.tmpdir(), "lw-cli-help-"));
    try {
      const migrateHelp = await runNpmScript("db:migrate", ["--help"], { ...env, DATA_DIR: fresh, DATABASE_URL: "" });
      expect(migrateHelp.code, migrateHelp.stderr).toBe(0);
      expect(migrateHelp.stdout).toMatch(/^Usage: npm run db:migrate/);
      expect(migrateHelp.stdout).not.toMatch(/migration\(s\) applied/);
      // No database was created or opened.
      expect(await fs.readdir(fresh)).toEqual([]);
    } finally {
      await fs.rm(fresh, { recursive: true, force: true });
    }
    const loadHelp = await runNpmScript("loadtest", ["--help"], {});
    expect(loadHelp.code, loadHelp.stderr).toBe(0);
    expect(loadHelp.stdout).toMatch(/^Usage: npm run loadtest -- --url ws:\/\/HOST:PORT/);
    const noUrl = await runNpmScript("loadtest", ["--clients", "5", "--duration", "10"], {});
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/--url is required, e\.g\. --url ws:\/\/localhost:2567/);
  });

  it("db:migrate applies pending migrations, then finds nothing to do", async () => {
    const migrations = (await fs.readdir(DEFAULT_MIGRATIONS_DIR)).filter((name) => name.endsWith(".sql"));
    const first = await runNpmScript("db:migrate", [], env);
    expect(first.code, first.stderr).toBe(0);
    for (const name of migrations) expect(first.stdout).toContain(`applied ${name}`);
    expect(first.stdout).toContain(`${migrations.length} migration(s) applied, 0 already applied`);
    const second = await runNpmScript("db:migrate", [], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`0 migration(s) applied, ${migrations.length} already applied`);
  });

  it("agents:load loads a folder, prints a summary, and is idempotent", async () => {
    const first = await runNpmScript("agents:load", [worlds.agentsDir], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/world meadow \(created\): 2 file\(s\), agents 2 created, 0 updated, 0 unchanged/);
    const second = await runNpmScript("agents:load", [worlds.agentsDir, "--world", "meadow"], env);
    expect(second.stdout).toMatch(/world meadow \(unchanged\): 2 file\(s\), agents 0 created, 0 updated, 2 unchanged/);
  });

  it("agents:load --dry-run reports without writing", async () => {
    await fs.writeFile(path.join(worlds.agentsDir, "cleo.json"), JSON.stringify(agent("cleo")));
    const dry = await runNpmScript("agents:load", [worlds.agentsDir, "--dry-run"], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/dry run, nothing written: would have world meadow \(unchanged\): 3 file\(s\), agents 1 created, 0 updated, 2 unchanged/);
    const real = await runNpmScript("agents:load", [worlds.agentsDir], env);
    expect(real.stdout).toMatch(/agents 1 created, 0 updated, 2 unchanged/);
  });

  it("agents:load exits 1 on any error, lists it with file and path, and writes nothing", async () => {
    await fs.writeFile(path.join(worlds.agentsDir, "dora.json"), JSON.stringify(agent("dora")));
    await fs.writeFile(path.join(worlds.agentsDir, "zed.json"), JSON.stringify(agent("zed", { energy_level: -5 })));
    const result = await runNpmScript("agents:load", [worlds.agentsDir], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: .*zed\.json: \$\.energy_level: out of range: expected number to be >=0 \(got -5\)/);
    expect(result.stderr).toMatch(/1 error\(s\); nothing was written/);
    await fs.rm(path.join(worlds.agentsDir, "zed.json"));
    const after = await runNpmScript("agents:load", [worlds.agentsDir, "--dry-run"], env);
    expect(after.stdout).toMatch(/agents 1 created, 0 updated, 3 unchanged/);
  });

  it("agents:load without a path explains its usage", async () => {
    const result = await runNpmScript("agents:load", [], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No PATH given[\s\S]*Usage: npm run agents:load -- PATH\.\.\. \[--world ID\] \[--dry-run\]/);
  });
});
