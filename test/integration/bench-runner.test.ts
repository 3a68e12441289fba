import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runNpmScript } from "../support/run-cli.ts";

/** Six benchmarks one after the other, each a child process that boots its own database or server. */
const BENCHMARKS_TIMEOUT_MS = 240_000;

/** Every benchmark runs in CI at tiny sizes through the one runner, so none of them rots. */
describe("npm run bench -- --mode short", () => {
  let out: string | undefined;
  afterAll(async () => {
    if (out) await fs.rm(out, { recursive: true, force: true });
  });

  it("runs every benchmark, writes their results with the machine to <date>.json, and compares the world room with the minimal room", async () => {
    out = await fs.mkdtemp(path.join(os.tmpdir(), "lw-bench-results-"));
    const run = await runNpmScript("bench", ["--mode", "short", "--out", out, "--json"], {});
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    const [file] = await fs.readdir(out);
    expect(file).toMatch(/^\d{4}-\d{2}-\d{2}\.json$/);
    const written = JSON.parse(await fs.readFile(path.join(out, file!), "utf8"));
    expect(written).toEqual(printed);
    expect(written.machine).toMatchObject({ cpus: expect.any(Number), node: process.version });
    expect(written.benchmarks.map((bench: { name: string }) => bench.name)).toEqual(["tick", "retrieval", "memory", "reply", "load", "boot"]);
    for (const bench of written.benchmarks) expect(bench, bench.name).toMatchObject({ exitCode: 0, result: expect.any(Object) });

    const load = written.benchmarks.find((bench: { name: string }) => bench.name === "load").result;
    for (const room of [load.world, load.baseline]) {
      expect(room.joins).toMatchObject({ ok: 4, failed: 0 });
      expect(room.rttMs.samples).toBeGreaterThan(0);
      expect(room.server.cpuMsPerClientSecond).toBeGreaterThan(0);
    }
    expect(load.targets.atTargetScale).toBe(false);
    expect(load.targets.cpuPerClientRatio.value).toBeGreaterThan(0);

    // npm start as a user runs it: the embedded database created before the server, then the server, both measured.
    const [firstBoot] = written.benchmarks.find((bench: { name: string }) => bench.name === "boot").result.boots;
    expect(firstBoot.secondsToHealth).toBeGreaterThan(0);
    const commands = firstBoot.processes.map((process: { command: string }) => process.command);
    expect(commands).toEqual(expect.arrayContaining([expect.stringContaining("create-embedded-database.mjs"), expect.stringContaining("main.ts")]));
    expect(firstBoot.peakRssMb).toBeGreaterThan(0);
  }, BENCHMARKS_TIMEOUT_MS);

  it("refuses an unknown benchmark name with exit code 2", async () => {
    const run = await runNpmScript("bench", ["--only", "tick,warp"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--only: must name benchmarks among tick, retrieval, memory, reply, load, boot");
  });
});
