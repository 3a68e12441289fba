/**
 * Runs the quick set of benchmarks (bench/suite.ts), each as a child process with --json, and writes
 * their results with the machine they ran on to bench/results/<date>.json.
 *
 *   npm run bench                      quick set (about two minutes), written to bench/results/
 *   npm run bench -- --mode short      tiny sizes, seconds (CI keeps the benchmarks from rotting)
 *   npm run bench -- --only tick,load  some of them
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { OptionsError, parseCliOptions } from "./support/cli-options.ts";
import { calibrationMs } from "./support/machine-load.ts";
import { SUITE, type SuiteEntry } from "./suite.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..");
const USAGE = `Usage: npm run bench -- [--mode quick|short] [--only NAMES] [--out DIR] [--json]

Runs the benchmarks ${SUITE.map((entry) => entry.name).join(", ")} one after the other, each as
npm run bench:<name> would with the mode's sizes, and writes every result with the machine's
description to DIR/<YYYY-MM-DD>.json (default DIR: bench/results). Exits 1 when a benchmark fails.

  --mode quick|short   quick (default): small but meaningful sizes; short: tiny sizes for CI
  --only NAMES         comma-separated subset, e.g. --only tick,load
  --out DIR            where to write the results file
  --json               print the whole results file on stdout instead of a table`;

const Options = z.object({
  mode: z.enum(["quick", "short"], { error: "must be quick or short" }).default("quick"),
  only: z
    .string()
    .transform((value) => value.split(",").map((name) => name.trim()).filter(Boolean))
    .refine((names) => names.every((name) => SUITE.some((entry) => entry.name === name)), { message: `must name benchmarks among ${SUITE.map((entry) => entry.name).join(", ")}` })
    .optional(),
  out: z.string().min(1).default(path.join(REPO_ROOT, "bench", "results")),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

interface BenchmarkRun {
  name: string;
  command: string;
  seconds: number;
  exitCode: number | null;
  result: unknown;
  error?: string;
}

async function main(): Promise<number> {
  const options = parseCliOptions(process.argv.slice(2), Options, USAGE);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const selected = SUITE.filter((entry) => !options.only || options.only.includes(entry.name));
  const startedAt = new Date();
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 1e8) / 10, platform: `${os.platform()} ${os.release()}`, node: process.version, calibrationMs: calibrationMs(), loadAverage1mAtStart: os.loadavg()[0] };
  const runs: BenchmarkRun[] = [];
  for (const entry of selected) runs.push(await runBenchmark(entry, options.mode));
  const report = { date: startedAt.toISOString(), mode: options.mode, machine, benchmarks: runs };
  await fs.mkdir(options.out, { recursive: true });
  const file = path.join(options.out, `${startedAt.toISOString().slice(0, 10)}.json`);
  await fs.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(formatTable(runs, file));
  return runs.every((run) => run.exitCode === 0) ? 0 : 1;
}

function runBenchmark(entry: SuiteEntry, mode: "quick" | "short"): Promise<BenchmarkRun> {
  const args = [...entry.args[mode], "--json"];
  const command = `npm run bench:${entry.name} -- ${args.join(" ")}`;
  process.stderr.write(`bench: ${command}\n`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry.entry, ...args], { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" }, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("close", (exitCode) => {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const lastLine = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve({ name: entry.name, command, seconds, exitCode, result: JSON.parse(lastLine) });
      } catch {
        resolve({ name: entry.name, command, seconds, exitCode: exitCode === 0 ? 1 : exitCode, result: null, error: `no JSON on stdout (exit code ${exitCode}); its stderr is above` });
      }
    });
  });
}

function formatTable(runs: readonly BenchmarkRun[], file: string): string {
  const lines = runs.map((run) => `${run.exitCode === 0 ? "ok    " : "FAILED"} ${run.name.padEnd(10)} ${String(run.seconds).padStart(6)} s  ${run.command}${run.error ? `\n       ${run.error}` : ""}`);
  return `${lines.join("\n")}\nresults: ${path.relative(process.cwd(), file)}\n`;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`bench: ${error instanceof OptionsError ? error.message : error.stack}\n`);
    process.exit(error instanceof OptionsError ? 2 : 1);
  },
);
