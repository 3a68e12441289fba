import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { freePort } from "../../bench/support/free-port.ts";
import { createThrowawayDatabase } from "../../db/throwaway-database.ts";
import { postJson, register } from "../support/accounts.ts";
import { startNodeProcess, type RunningProcess } from "../support/child-process.ts";
import { waitForState } from "../support/room-state.ts";
import { isolatedRedis } from "../redis/services.ts";
import { assembleImage, type AssembledStage } from "../../scripts/docker/assemble-image.ts";
import { composeEnvironment } from "./compose.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOCKERFILE = path.join(ROOT, "scripts/docker/Dockerfile");
const COMPOSE = path.join(ROOT, "docker-compose.yml");
const services = { databaseUrl: process.env.TEST_DATABASE_URL, redisUrl: process.env.TEST_REDIS_URL };

/** The README's Docker path (the bash block of "## Production" that runs `docker compose up`), line by line. */
function readmeProductionCommands(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((part) => part.startsWith("Production")) ?? "";
  const block = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!).find((code) => code.includes("docker compose up"));
  if (!block) throw new Error("README.md has no '## Production' section with a bash block running `docker compose up`");
  return block.split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()).filter(Boolean);
}

/** The .env a user has after following the README: .env.example copied, then the README's edit of it. */
function dotEnvAsTheReadmeSays(folder: string): string {
  const commands = readmeProductionCommands();
  expect(commands).toContain("cp .env.example .env");
  const edit = commands.find((line) => line.startsWith("sed -i"));
  if (!edit) throw new Error("README's production block no longer sets AUTH_SECRET and PUBLIC_ADDRESS with `sed -i`; update this test");
  fs.copyFileSync(path.join(ROOT, ".env.example"), path.join(folder, ".env"));
  execFileSync("sh", ["-c", edit], { cwd: folder });
  return path.join(folder, ".env");
}

const IMPORTS = [/^\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/gm, /^\s*import\s*["']([^"']+)["']/gm, /\bimport\(\s*["']([^"']+)["']\s*\)/g];

/** The built JavaScript's code, every file of it. */
function builtCode(folder: string): string {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.m?js$/.test(entry.name))
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
    .join("\n");
}

/** Every package the code imports by name (not node: builtins, not relative files). */
function packagesImportedBy(code: string): Set<string> {
  const builtins = new Set(builtinModules);
  const names = new Set<string>();
  for (const pattern of IMPORTS) {
    for (const [, specifier] of code.matchAll(pattern)) {
      if (specifier!.startsWith(".") || specifier!.startsWith("node:")) continue;
      const name = specifier!.startsWith("@") ? specifier!.split("/").slice(0, 2).join("/") : specifier!.split("/")[0]!;
      if (!builtins.has(name)) names.add(name);
    }
  }
  return names;
}

describe.runIf(services.databaseUrl && services.redisUrl)("the Docker image and compose stack, assembled without Docker", () => {
  let work: string;
  let runtime: AssembledStage;
  let app: string;
  let env: Record<string, string>;
  let server: RunningProcess;
  let httpUrl: string;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "lw-image-"));
    cleanups.push(async () => fs.rmSync(work, { recursive: true, force: true }));
    const stages = assembleImage({ dockerfile: DOCKERFILE, context: ROOT, ignoreFile: `${DOCKERFILE}.dockerignore`, into: work, log: () => {} });
    runtime = stages.at(-1)!;
    app = path.join(runtime.root, runtime.workdir);

    const database = await createThrowawayDatabase(services.databaseUrl!, "lw_image");
    cleanups.push(database.drop);
    const port = await freePort();
    // The stack's own hosts (postgres, redis) are CI's services here; everything else is what compose sets.
    env = {
      PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: work,
      ...runtime.env,
      ...composeEnvironment(COMPOSE, "server", dotEnvAsTheReadmeSays(work)),
      DATABASE_URL: database.url,
      REDIS_URL: isolatedRedis(services.redisUrl!).url,
      PORT: String(port),
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
    };
    const [program, ...args] = runtime.cmd ?? [];
    expect(program).toBe("node");
    server = await startNodeProcess(args, env, /listening on ws:/, { cwd: app, onlyEnv: true, timeoutMs: 120_000 });
    httpUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (server) await server.stop("SIGTERM").catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("runs the compiled server with plain node as an unprivileged user, in production mode", () => {
    expect(runtime.cmd).toEqual(["node", "--enable-source-maps", "dist/src/main.js"]);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts["start:prod"]).toBe(runtime.cmd!.join(" "));
    expect(runtime.user).toBe("node");
    expect(env.NODE_ENV).toBe("production");
    expect(server.output()).not.toMatch(/tsx/);
  });

  it("installs only the dependencies the built server imports", () => {
    const installed = (name: string) => fs.existsSync(path.join(app, "node_modules", name, "package.json"));
    for (const developmentOnly of ["tsx", "vite", "typescript", "vitest", "@colyseus/sdk"]) expect(installed(developmentOnly), developmentOnly).toBe(false);
    const declared: string[] = Object.keys(JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8")).dependencies);
    const code = builtCode(path.join(app, "dist"));
    expect([...packagesImportedBy(code)].filter((name) => !declared.includes(name)), "imported but not a dependency").toEqual([]);
    // A package may be used by name without an import (the offline embedder reads its word vectors' files).
    expect(declared.filter((name) => !code.includes(`"${name}"`) && !code.includes(`"${name}/`)), "dependencies the built server never names").toEqual([]);
  });

  it("answers /health with the real database, and the image's HEALTHCHECK passes", async () => {
    const health = await (await fetch(`${httpUrl}/health`)).json();
    expect(health).toMatchObject({ status: "ok", database: "postgres" });
    const [program, ...args] = runtime.healthcheck ?? [];
    expect(program).toBe("node");
    const check = spawnSync(process.execPath, args, { cwd: app, env, encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
  });

  it("refuses guests and lets an account join the sample world with its token", async () => {
    const client = new Client(httpUrl);
    await expect(client.joinOrCreate("world", { name: "Guest" })).rejects.toThrow();
    const token = await register(httpUrl, "ada");
    const room = await client.joinOrCreate("world", { token });
    try {
      const state = await waitForState(room, (seen: any) => seen.agents?.size > 0, 30_000, "the sample world's agents");
      expect((state as any).agents.size).toBeGreaterThan(0);
    } finally {
      await room.leave();
    }
  });

  it("promotes an admin with the image's own CLI, as the README shows", async () => {
    const promote = readmeProductionCommands().find((line) => line.includes("users-admin"));
    expect(promote).toMatch(/^docker compose exec server node dist\/scripts\/users-admin\.js promote \w+$/);
    const username = promote!.split(" ").at(-1)!;
    if (username !== "ada") await register(httpUrl, username);
    // `docker compose exec server node ARGS...`: the image's node, in its WORKDIR, with the server's environment.
    const args = promote!.split(" ").slice(5);
    const result = spawnSync(process.execPath, args, { cwd: app, env, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const login = await postJson(`${httpUrl}/auth/login`, { username, password: "correct horse battery" });
    expect(login.body.user.role).toBe("admin");
  });

  it("stops cleanly on SIGTERM, which reaches node directly", async () => {
    expect(await server.stop("SIGTERM")).toBe(0);
  });
});

describe("docker compose without the values the README asks for", () => {
  it("refuses to start, naming AUTH_SECRET and how to set it", () => {
    expect(() => composeEnvironment(COMPOSE, "server", path.join(ROOT, ".env.example"))).toThrow(/AUTH_SECRET is not set.*openssl rand -hex 32/);
  });

  it("publishes no database or Redis port unless asked", () => {
    const { services } = parse(fs.readFileSync(COMPOSE, "utf8")) as { services: Record<string, { ports?: unknown[] }> };
    const published = Object.entries(services).filter(([, service]) => service.ports?.length).map(([name]) => name);
    expect(published).toEqual(["server"]);
  });
});
