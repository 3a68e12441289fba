import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, describe, expect, it } from "vitest";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { startServerProcess } from "../support/server-process.ts";

const ENTRY = ["--import", "tsx", "test/support/log-entry.ts"];
const WITHOUT_PINO_PRETTY = ["--require", "./test/support/without-pino-pretty.cjs"];
const AUTH_SECRET = "a-secret-of-at-least-thirty-two-characters";
/** A pretty line: local time, level, logger name, message, then the fields on the same line. */
const PRETTY_SEEDED = /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(living-world\): world seeded from files \{"world":"heartwood","agents":12\}$/m;
const PRETTY_WARN = /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN \(living-world\): the model is slow$/m;

interface Run {
  code: number | null;
  /** stdout and stderr, with a terminal's carriage returns and colours taken out. */
  output: string;
}

/** Runs the log entry with its stdout on a pipe, or on a pseudo-terminal (util-linux `script`) as in a shell. */
async function runEntry(env: Record<string, string>, options: { terminal?: boolean; nodeOptions?: string[] } = {}): Promise<Run> {
  const args = [...(options.nodeOptions ?? []), ...ENTRY];
  const child = options.terminal
    ? spawn("script", ["-qec", [process.execPath, ...args].map(shellQuoted).join(" "), "/dev/null"], { env: { ...process.env, ...env } })
    : spawn(process.execPath, args, { env: { ...process.env, ...env } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const [code] = (await once(child, "close")) as [number | null];
  // eslint-disable-next-line no-control-regex
  return { code, output: output.replace(/\r/g, "").replace(/\x1b\[[0-9;]*m/g, "") };
}

function shellQuoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("log format", () => {
  it("is JSON on a pipe in development, one object per line", async () => {
    const run = await runEntry({ NODE_ENV: "development", LOG_FORMAT: "" });
    expect(run.code, run.output).toBe(0);
    expect(jsonLines(run.output)).toEqual([
      expect.objectContaining({ level: 30, name: "living-world", msg: "world seeded from files", world: "heartwood", agents: 12 }),
      expect.objectContaining({ level: 40, msg: "the model is slow" }),
    ]);
  });

  it("is readable lines on a terminal in development", async () => {
    const run = await runEntry({ NODE_ENV: "development", LOG_FORMAT: "" }, { terminal: true });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(PRETTY_SEEDED);
    expect(run.output).toMatch(PRETTY_WARN);
  });

  it("is JSON on a terminal in production, and wherever LOG_FORMAT=json says so", async () => {
    const settings: Record<string, string>[] = [{ NODE_ENV: "production", AUTH_SECRET, LOG_FORMAT: "" }, { NODE_ENV: "development", LOG_FORMAT: "json" }];
    for (const env of settings) {
      const run = await runEntry(env, { terminal: true });
      expect(run.code, run.output).toBe(0);
      expect(jsonLines(run.output).map((line) => line.msg)).toEqual(["world seeded from files", "the model is slow"]);
    }
  });

  it("is readable lines on a pipe with LOG_FORMAT=pretty, in production too", async () => {
    const run = await runEntry({ NODE_ENV: "production", AUTH_SECRET, LOG_FORMAT: "pretty" });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(PRETTY_SEEDED);
    expect(run.output).toMatch(PRETTY_WARN);
  });

  it("falls back to JSON, saying why, when pino-pretty is not installed (a production install)", async () => {
    const run = await runEntry({ NODE_ENV: "production", AUTH_SECRET, LOG_FORMAT: "pretty" }, { nodeOptions: WITHOUT_PINO_PRETTY });
    expect(run.code, run.output).toBe(0);
    const lines = jsonLines(run.output);
    expect(lines[0]).toEqual(expect.objectContaining({ level: 40, msg: expect.stringContaining("pretty logs need pino-pretty, a development dependency that is not installed: logging JSON") }));
    expect(lines.slice(1).map((line) => line.msg)).toEqual(["world seeded from files", "the model is slow"]);
  });

  it("refuses an unknown LOG_FORMAT, naming the variable and the choices", async () => {
    const run = await runEntry({ LOG_FORMAT: "colour" });
    expect(run.code).toBe(1);
    expect(run.output).toContain("LOG_FORMAT");
    expect(run.output).toMatch(/"json"\|"pretty"/);
  });
});

describe(`the server's log with LOG_FORMAT=pretty (${backend})`, () => {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.dispose();
  });

  it("reads as lines from its start to its shutdown", async () => {
    database = await createTestDatabase({ persistent: true });
    const server = await startServerProcess({ LOG_FORMAT: "pretty", ...(database.url ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir! }) });
    expect(server.output()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(living-world\): Living World listening on ws:\/\/localhost:\d+ \{"port":\d+,/m);
    // Answered in a later turn of its event loop than the line above: by then it handles SIGTERM.
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
    expect(await server.stop("SIGTERM"), server.output()).toBe(0);
    expect(server.output()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(living-world\): shutting down \{"signal":"SIGTERM"\}$/m);
    expect(server.output()).not.toMatch(/^\{"level"/m);
  });
});
