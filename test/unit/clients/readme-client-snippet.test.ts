import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const TSC = path.resolve("node_modules/.bin/tsc");

// A game client's usual setup: a bundler (Vite, esbuild), the browser's lib, strict mode.
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "bundler",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    verbatimModuleSyntax: true,
  },
};

/** Uses of the protocol the generated types must refuse, one a line, appended to the README's snippet. */
const WRONG_USES = [
  `room.send("move_to", { x: "24", y: 25 });`,
  `room.send("teleport", { x: 1, y: 2 });`,
  `room.send("say", { text: "hello", volume: 11 });`,
  `room.onMessage("welcome", (welcome) => welcome.nickname);`,
  `room.onMessage("teleported", () => undefined);`,
  `console.log(room.state.agents.get("elara")?.hitPoints);`,
  `const clock: string = room.state.gameTime;`,
];

/** The TypeScript block of the README's "Connect a client" section. */
async function readmeSnippet(): Promise<string> {
  const readme = await fs.readFile("README.md", "utf8");
  const section = readme.split(/^## /m).find((part) => part.startsWith("Connect a client"));
  const block = section?.match(/^```ts\n([\s\S]*?)^```/m)?.[1];
  if (!block) throw new Error('README.md has no ```ts block in its "## Connect a client" section');
  return block;
}

async function typecheck(dir: string, file: string): Promise<{ code: number; output: string }> {
  await fs.writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ ...TSCONFIG, files: [file] }, null, 2));
  try {
    const { stdout, stderr } = await run(TSC, ["-p", dir], { cwd: dir });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("the README's client snippet against clients/typescript", () => {
  let dir: string;
  let snippet: string;

  beforeAll(async () => {
    // A game client's folder: the snippet beside a copy of clients/typescript, the SDK installed.
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-readme-client-"));
    await fs.cp("clients/typescript", path.join(dir, "clients/typescript"), { recursive: true });
    await fs.symlink(path.resolve("node_modules"), path.join(dir, "node_modules"), "dir");
    snippet = await readmeSnippet();
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("type-checks with TypeScript's own compiler", async () => {
    expect(snippet).toContain("clients/typescript");
    await fs.writeFile(path.join(dir, "client.ts"), snippet);
    const result = await typecheck(dir, "client.ts");
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("refuses a wrong message, payload or state field, each on its own line", async () => {
    await fs.writeFile(path.join(dir, "wrong.ts"), `${snippet}${WRONG_USES.join("\n")}\n`);
    const result = await typecheck(dir, "wrong.ts");
    expect(result.code).not.toBe(0);
    const firstWrongLine = snippet.split("\n").length;
    const linesWithErrors = new Set([...result.output.matchAll(/^wrong\.ts\((\d+),\d+\): error/gm)].map((match) => Number(match[1])));
    const accepted = WRONG_USES.filter((_, index) => !linesWithErrors.has(firstWrongLine + index));
    expect(accepted, `these wrong uses type-checked:\n${accepted.join("\n")}\n\ntsc said:\n${result.output}`).toEqual([]);
    expect([...linesWithErrors].every((line) => line >= firstWrongLine), `the snippet itself failed:\n${result.output}`).toBe(true);
  });
});
