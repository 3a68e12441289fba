import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNpmScript } from "../../support/run-cli.ts";

const COMMITTED = "clients";

async function filesUnder(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("clients/ (npm run clients:generate)", () => {
  let generated: string;

  beforeAll(async () => {
    generated = await fs.mkdtemp(path.join(os.tmpdir(), "lw-clients-"));
    const run = await runNpmScript("clients:generate", ["--out", generated], {});
    expect(run.code, run.stderr).toBe(0);
  });

  afterAll(async () => {
    await fs.rm(generated, { recursive: true, force: true });
  });

  it("holds exactly the files generated from the server's definitions (run npm run clients:generate and commit clients/ when this fails)", async () => {
    const expected = await filesUnder(generated);
    const committed = await filesUnder(COMMITTED);
    const missing = expected.filter((name) => !committed.includes(name)).map((name) => `${COMMITTED}/${name} is missing`);
    const extra = committed.filter((name) => !expected.includes(name)).map((name) => `${COMMITTED}/${name} is no longer generated`);
    const stale: string[] = [];
    for (const name of expected.filter((file) => committed.includes(file))) {
      const [want, have] = await Promise.all([fs.readFile(path.join(generated, name), "utf8"), fs.readFile(path.join(COMMITTED, name), "utf8")]);
      if (want !== have) stale.push(`${COMMITTED}/${name} is stale`);
    }
    const problems = [...missing, ...extra, ...stale];
    expect(problems, `${problems.join("\n")}\nRun \`npm run clients:generate\` and commit clients/.`).toEqual([]);
    expect(expected).toContain("typescript/index.ts");
    expect(expected).toContain("csharp/WorldState.cs");
  });
});
