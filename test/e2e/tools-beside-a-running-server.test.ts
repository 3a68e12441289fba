import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/client.ts";
import { controlFilePath } from "../../src/control/control-file.ts";
import { postJson, register } from "../support/accounts.ts";
import { agent, makeWorldsDir, smallWorld, writeAgent } from "../support/content-fixtures.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { waitForState } from "../support/room-state.ts";
import { runNpmScript } from "../support/run-cli.ts";
import { startServerProcess, type ServerProcess } from "../support/server-process.ts";

// The embedded database (npm start's default) is what a running server locks; on Postgres the CLIs open it themselves.
const databases = backend === "postgres" ? (["embedded", "postgres"] as const) : (["embedded"] as const);

describe.each(databases)("users:admin and agents:load while `npm start` runs (%s)", (kind) => {
  let database: TestDatabase | undefined;
  let dataDir: string;
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;
  let env: Record<string, string>;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-tools-data-"));
    database = kind === "postgres" ? await createTestDatabase() : undefined;
    worlds = await makeWorldsDir(smallWorld, { "anna.json": agent("anna"), "ben.json": agent("ben") });
    env = { DATA_DIR: dataDir, WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: "meadow", ...(database?.url ? { DATABASE_URL: database.url } : { DATABASE_URL: "" }) };
    server = await startServerProcess({ ...env, INTEREST_RADIUS: "500" });
  });
  afterAll(async () => {
    if (server?.child.exitCode === null) await server.stop("SIGTERM");
    await database?.dispose();
    await worlds?.cleanup();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const channelTitle =
    kind === "embedded"
      ? "announces its control channel in a file only the data folder's owner can read, and the channel answers nobody without its token"
      : "opens no control channel: on Postgres the CLIs open the database themselves";
  it(channelTitle, async () => {
    const file = controlFilePath(dataDir);
    if (kind === "postgres") return expect(fs.access(file)).rejects.toThrow();
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const { port, pid } = JSON.parse(await fs.readFile(file, "utf8"));
    expect(pid).toBe(server.child.pid);
    const refused = await fetch(`http://127.0.0.1:${port}/users/promote`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer not-the-token" },
      body: JSON.stringify({ username: "anyone" }),
    });
    expect(refused.status).toBe(401);
  });

  it("promotes a registered account as the README shows, and a fresh login carries the admin role", async () => {
    await register(server.httpUrl, "ada");
    const promoted = await runNpmScript("users:admin", ["promote", "ada"], env);
    expect(promoted.stderr).toBe("");
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toMatch(/^ada \([0-9a-f-]{36}\) is now an admin; their tokens carry the admin role within seconds/);

    const login = await postJson(`${server.httpUrl}/auth/login`, { username: "ada", password: "correct horse battery" });
    expect(login.body.user).toMatchObject({ username: "ada", role: "admin" });
    const worldsList = await fetch(`${server.httpUrl}/admin/worlds`, { headers: { authorization: `Bearer ${login.body.token}` } });
    expect(worldsList.status).toBe(200);

    const again = await runNpmScript("users:admin", ["promote", "ada"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^ada \([0-9a-f-]{36}\) already is an admin; nothing changed\n$/);
  });

  it("refuses an unknown user with the same clear error and exit code 1", async () => {
    const result = await runNpmScript("users:admin", ["promote", "Nobody"], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe('no user named "nobody" (usernames are stored in lowercase); check the spelling, or have them register with POST /auth/register first\n');
  });

  it("agents:load --dry-run reports what would change and changes nothing", async () => {
    await writeAgent(worlds.agentsDir, "cleo.json", agent("cleo", { current_x: 14, current_y: 10 }));
    const dry = await runNpmScript("agents:load", [worlds.worldDir, "--dry-run"], env);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe("dry run, nothing written: would have world meadow (unchanged): 3 file(s), agents 1 created, 0 updated, 2 unchanged\n");
    expect((await fetch(`${server.httpUrl}/api/worlds/meadow/agents/cleo`)).status).toBe(404);
  });

  it("agents:load lists every error of a bad file, exits 1 and writes nothing", async () => {
    await writeAgent(worlds.agentsDir, "zed.json", agent("zed", { energy_level: -5 }));
    try {
      const result = await runNpmScript("agents:load", [worlds.agentsDir], env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^error: .*zed\.json: \$\.energy_level: out of range: expected number to be >=0 \(got -5\)$/m);
      expect(result.stderr).toMatch(/1 error\(s\); nothing was written\. Fix the files above and run again\.\n$/);
      const missing = await runNpmScript("agents:load", ["no-such-folder", "--world", "meadow"], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^error: no-such-folder: \$: no such file or folder$/m);
    } finally {
      await fs.rm(path.join(worlds.agentsDir, "zed.json"));
    }
    expect((await fetch(`${server.httpUrl}/api/worlds/meadow/agents/cleo`)).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/api/worlds/meadow/agents/zed`)).status).toBe(404);
  });

  it("agents:load writes beside the server, and the world's live room takes up the new agent", async () => {
    const room = await new Client(server.httpUrl).joinOrCreate<any>("world", { name: "Watcher" });
    room.onMessage("*", () => {});
    try {
      await waitForState(room, (state) => state.agents.has("anna") && state.agents.has("ben"));
      const load = await runNpmScript("agents:load", [worlds.worldDir], env);
      expect(load.stderr).toBe("");
      expect(load.code).toBe(0);
      expect(load.stdout).toMatch(/^world meadow \(unchanged\): 3 file\(s\), agents 1 created, 0 updated, 2 unchanged\ndesigner memories: /);
      expect((await fetch(`${server.httpUrl}/api/worlds/meadow/agents/cleo`)).status).toBe(200);
      if (kind === "embedded") await waitForState(room, (state) => state.agents.has("cleo"), 10_000, "cleo in the live room");
    } finally {
      await room.leave();
    }
  });

  it("stops cleanly; afterwards the CLIs open the database themselves with the same output, and the audit log names them", async () => {
    expect(await server.stop("SIGTERM"), server.output()).toBe(0);
    await expect(fs.access(controlFilePath(dataDir))).rejects.toThrow();
    if (kind === "embedded") {
      // An announcement left by a server that is gone (killed) is ignored.
      await fs.writeFile(controlFilePath(dataDir), JSON.stringify({ pid: server.child.pid, port: 9, token: "x".repeat(43) }), { mode: 0o600 });
    }
    const promote = await runNpmScript("users:admin", ["promote", "ada"], env);
    expect(promote.code, promote.stderr).toBe(0);
    expect(promote.stdout).toMatch(/^ada \([0-9a-f-]{36}\) already is an admin; nothing changed\n$/);
    const dry = await runNpmScript("agents:load", [worlds.worldDir, "--dry-run"], env);
    expect(dry.stdout).toBe("dry run, nothing written: would have world meadow (unchanged): 3 file(s), agents 0 created, 0 updated, 3 unchanged\n");

    const db = await openStopped();
    try {
      const { rows } = await db.pool.query("SELECT actor, action FROM audit_log WHERE actor LIKE 'cli:%' ORDER BY id");
      expect(rows).toEqual([
        { actor: "cli:users:admin", action: "user.promote_admin" },
        { actor: "cli:agents:load", action: "content.load" },
      ]);
    } finally {
      await db.close();
    }
  });

  function openStopped(): Promise<Database> {
    return database ? database.open() : openDatabase({ dataDir });
  }
});
