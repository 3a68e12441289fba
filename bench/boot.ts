/**
 * Boot benchmark: what `npm start` costs a user. Runs `npm start` on a fresh data folder, then again on the
 * same folder, and for each boot prints the time until /health answers ok and the peak RSS of the whole
 * process tree (npm, tsx, the server and its database thread), sampled from /proc, with the peak of each
 * phase of the boot (the log line that was the latest).
 *
 *   npm run bench:boot -- --json
 *   npm run bench:boot -- --boots 1 --fresh-inspector     also rebuild the inspector page first
 *   npm run bench:boot -- --boots 1 --fresh-install       also rebuild the inspector page and derive the word vectors, as on a fresh clone
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { OFFLINE_EMBEDDER_NAMES } from "../src/llm/offline-embedder.ts";
import { INSPECTOR_DIST } from "../src/http/inspector-page.ts";
import { wordVectorCache } from "../src/llm/word-vector-table.ts";
import { measureBoot, type BootMeasurement } from "./boot/measure-boot.ts";
import { OptionsError, parseCliOptions, wholeNumberOption } from "./support/cli-options.ts";
import { freePort } from "./support/free-port.ts";
import { calibrationMs } from "./support/machine-load.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..");
/** The target: a first start of `npm start` on a fresh clone peaks under 600 MB. */
const TARGET_FIRST_BOOT_PEAK_MB = 600;

const USAGE = `Usage: npm run bench:boot -- [--boots N] [--data-dir DIR] [--embedder NAME] [--command CMD] [--fresh-inspector | --fresh-install] [--settle-ms N] [--json]

Starts the server as a user does (npm start) on a fresh data folder, waits for /health, stops it with
Ctrl-C (SIGINT), and repeats on the same folder. Prints for each boot the seconds until /health answered
ok and the peak RSS of the whole process tree (every process npm starts; worker threads count in
their process), sampled every 25 ms from /proc (Linux), with the peak during each logged phase.

  --boots N            boots in a row on the same folder (default 2: the first boot, then a second)
  --data-dir DIR       the data folder (default: a new temporary folder, removed afterwards);
                       memory:// keeps the database in memory, so every boot is a first boot
  --embedder NAME      OFFLINE_EMBEDDER for the server (${OFFLINE_EMBEDDER_NAMES.join(", ")}; default: the server's default)
  --command CMD        what to run instead of "npm start", e.g. "node --import tsx src/main.ts"
  --fresh-inspector    delete the built inspector page first, so that npm start rebuilds it
  --fresh-install      delete the built inspector page and the derived word vectors (node_modules/.cache/living-world)
                       first, so that npm start makes both, as on the first start after cloning and npm install
  --settle-ms N        keep sampling this long after /health answered ok (default 2000)
  --json               print JSON instead of a table`;

const Options = z.object({
  boots: wholeNumberOption("--boots", 1, 10).default(2),
  "data-dir": z.string().min(1).optional(),
  embedder: z.enum(OFFLINE_EMBEDDER_NAMES, { error: `must be one of ${OFFLINE_EMBEDDER_NAMES.join(", ")}` }).optional(),
  command: z.string().trim().min(1).default("npm start"),
  "settle-ms": wholeNumberOption("--settle-ms", 0, 60_000).default(2_000),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});
type BootOptions = z.output<typeof Options>;

interface BootBenchResult {
  command: string;
  dataDir: string;
  embedder: string;
  freshInspector: boolean;
  freshWordVectors: boolean;
  boots: (BootMeasurement & { boot: number })[];
  target: { firstBootPeakRssMb: number; below: number; met: boolean };
  machine: { cpus: number; memoryGb: number; node: string; calibrationMs: number };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // Flags without a value: the shared parser takes only --json and --help that way.
  const freshWordVectors = argv.includes("--fresh-install");
  const fresh = { inspector: freshWordVectors || argv.includes("--fresh-inspector"), wordVectors: freshWordVectors };
  try {
    const options = parseCliOptions(
      argv.filter((arg) => arg !== "--fresh-inspector" && arg !== "--fresh-install"),
      Options,
      USAGE,
    );
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    const result = await run(options, fresh);
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatTable(result));
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`bench:boot: ${error.message}\n`);
    process.exitCode = 2;
  }
}

async function run(options: BootOptions, fresh: { inspector: boolean; wordVectors: boolean }): Promise<BootBenchResult> {
  if (process.platform !== "linux") throw new OptionsError("bench:boot reads process memory from /proc: it runs on Linux only");
  const temporary = options["data-dir"] ? undefined : await fs.mkdtemp(path.join(os.tmpdir(), "living-world-boot-"));
  const dataDir = options["data-dir"] ?? path.join(temporary!, "data");
  if (fresh.inspector) await fs.rm(INSPECTOR_DIST, { recursive: true, force: true });
  if (fresh.wordVectors) await fs.rm(wordVectorCache().cacheDir, { recursive: true, force: true });
  const boots: BootBenchResult["boots"] = [];
  try {
    for (let boot = 1; boot <= options.boots; boot += 1) {
      const port = await freePort();
      // The embedded database is what a first start creates: a DATABASE_URL from the environment would measure another setup.
      const env: Record<string, string> = { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "info", LOG_FORMAT: "json" };
      if (options.embedder) env.OFFLINE_EMBEDDER = options.embedder;
      const measurement = await measureBoot({ command: options.command.split(/\s+/), cwd: REPO_ROOT, env, healthUrl: `http://127.0.0.1:${port}/health`, settleMs: options["settle-ms"] });
      boots.push({ boot, ...measurement });
    }
  } finally {
    if (temporary) await fs.rm(temporary, { recursive: true, force: true });
  }
  const first = boots[0]!.peakRssMb;
  return {
    command: options.command,
    dataDir: temporary ? "(a new temporary folder)" : dataDir,
    embedder: options.embedder ?? "(server default)",
    freshInspector: fresh.inspector,
    freshWordVectors: fresh.wordVectors,
    boots,
    target: { firstBootPeakRssMb: first, below: TARGET_FIRST_BOOT_PEAK_MB, met: first < TARGET_FIRST_BOOT_PEAK_MB },
    machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 1e8) / 10, node: process.version, calibrationMs: calibrationMs() },
  };
}

function formatTable(result: BootBenchResult): string {
  const lines = [`${result.command} (data: ${result.dataDir}, embedder: ${result.embedder}${result.freshInspector ? ", inspector rebuilt" : ""}${result.freshWordVectors ? ", word vectors derived" : ""})`];
  for (const boot of result.boots) {
    lines.push("", `boot ${boot.boot}: /health ok after ${boot.secondsToHealth} s, peak RSS ${boot.peakRssMb} MB at ${boot.peakAtSeconds} s, ${boot.rssAtHealthMb} MB at /health`);
    for (const process of boot.atPeak) lines.push(`  at peak: ${String(process.rssMb).padStart(7)} MB  ${process.command}`);
    for (const process of boot.processes) lines.push(`  own peak (VmHWM): ${String(process.peakRssMb).padStart(7)} MB  ${process.command}`);
    for (const phase of boot.phases) lines.push(`  ${String(phase.at).padStart(6)} s ${String(phase.peakRssMb).padStart(7)} MB  ${phase.line.slice(0, 100)}`);
  }
  const { target } = result;
  lines.push("", `first boot peak ${target.firstBootPeakRssMb} MB, target < ${target.below} MB: ${target.met ? "met" : "NOT met"}`);
  return `${lines.join("\n")}\n`;
}

await main();
