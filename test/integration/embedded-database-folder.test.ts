import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client.ts";

const CREATOR = path.resolve(import.meta.dirname, "../../db/create-embedded-database.mjs");

/** What `npm start` runs first: the creation of the server's database in a process of its own. */
function createForServer(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "DATABASE_URL" && name !== "DATA_DIR"));
  const result = spawnSync(process.execPath, ["--liftoff-only", CREATOR, "--env"], { env: { ...cleanEnv, ...env }, encoding: "utf8", cwd: os.tmpdir() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("an embedded database in a data folder", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-embedded-folder-"));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("is created on first open and keeps its rows across restarts, leaving nothing half-made beside it", async () => {
    // A creation killed mid-way left its building folder behind: it must not get in the way.
    await fs.mkdir(path.join(dataDir, "pglite.creating-999999999"), { recursive: true });
    const first = await openDatabase({ dataDir });
    await first.pool.query("CREATE TABLE kept (note text)");
    await first.pool.query("INSERT INTO kept VALUES ('still here')");
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect((await second.pool.query("SELECT note FROM kept")).rows).toEqual([{ note: "still here" }]);
      expect((await second.pool.query("SELECT extname FROM pg_extension WHERE extname = 'vector'")).rows).toHaveLength(1);
    } finally {
      await second.close();
    }
    expect(await fs.readdir(dataDir)).toEqual(["pglite"]);
  });

  it("is created before the server starts for DATA_DIR, once, and the server opens it", async () => {
    const created = createForServer({ DATA_DIR: dataDir });
    expect(created).toMatchObject({ status: 0, stdout: `embedded database created in ${path.join(dataDir, "pglite")}\n` });
    expect(createForServer({ DATA_DIR: dataDir })).toEqual({ status: 0, stdout: "", stderr: "" });

    const db = await openDatabase({ dataDir });
    try {
      expect((await db.pool.query("SELECT 1 AS ready")).rows).toEqual([{ ready: 1 }]);
    } finally {
      await db.close();
    }
  });

  it("is not created for an in-memory database or a real Postgres", async () => {
    expect(createForServer({ DATA_DIR: "memory://" })).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(createForServer({ DATA_DIR: dataDir, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" })).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(await fs.readdir(dataDir)).toEqual([]);
  });
});
