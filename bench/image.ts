/**
 * What the Docker image costs: builds scripts/docker/Dockerfile without Docker (scripts/docker/assemble-image.ts,
 * as `npm run test:production` does), prints the size of each stage's /app, then boots the runtime stage's CMD
 * twice on an embedded database in production mode and prints the seconds to /health and the peak RSS.
 *
 *   npm run bench:image -- --json
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { assembleImage } from "../scripts/docker/assemble-image.ts";
import { measureBoot } from "./boot/measure-boot.ts";
import { OptionsError, parseCliOptions } from "./support/cli-options.ts";
import { freePort } from "./support/free-port.ts";
import { z } from "zod";

const ROOT = path.resolve(import.meta.dirname, "..");
const DOCKERFILE = path.join(ROOT, "scripts/docker/Dockerfile");
const USAGE = `Usage: npm run bench:image -- [--json]

Builds the Docker image's stages into a temporary folder the way Docker would (no Docker engine needed),
prints each stage's /app size (the runtime stage is what the image adds to its node base), then starts the
runtime stage's CMD twice on a fresh embedded database with NODE_ENV=production and prints the seconds
until /health answered and the peak RSS of each start.`;

const Options = z.object({ json: z.boolean().default(false), help: z.boolean().default(false) });

function megabytes(folder: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  return Math.round(bytes / 1e5) / 10;
}

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), Options, USAGE);
  if (options.help) return void process.stdout.write(`${USAGE}\n`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "living-world-image-"));
  try {
    const started = performance.now();
    const stages = assembleImage({ dockerfile: DOCKERFILE, context: ROOT, ignoreFile: `${DOCKERFILE}.dockerignore`, into: work, log: (line) => process.stderr.write(`${line}\n`) });
    const assembleSeconds = Math.round((performance.now() - started) / 100) / 10;
    const runtime = stages.at(-1)!;
    const app = path.join(runtime.root, runtime.workdir);
    // Sizes before the boots, which add the embedded database to data/.
    const sizes = {
      stages: stages.map((stage) => ({ name: stage.name, appMb: megabytes(path.join(stage.root, stage.workdir)) })),
      runtime: { nodeModulesMb: megabytes(path.join(app, "node_modules")), distMb: megabytes(path.join(app, "dist")) },
    };
    const [program, ...args] = runtime.cmd ?? [];
    if (program !== "node") throw new Error(`the runtime stage's CMD starts ${program}, not node`);
    const boots = [];
    for (let boot = 1; boot <= 2; boot += 1) {
      const port = await freePort();
      const env = { ...runtime.env, PORT: String(port), HOST: "127.0.0.1", AUTH_SECRET: randomBytes(32).toString("hex"), DATABASE_URL: "", DATA_DIR: path.join(app, "data"), LOG_FORMAT: "json" };
      const { secondsToHealth, peakRssMb } = await measureBoot({ command: [process.execPath, ...args], cwd: app, env, healthUrl: `http://127.0.0.1:${port}/health`, settleMs: 2_000 });
      boots.push({ boot, secondsToHealth, peakRssMb });
    }
    const result = {
      ...sizes,
      assembleSeconds,
      boots,
      machine: { cpus: os.cpus().length, node: process.version },
    };
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench:image: ${error.message}\n`);
  process.exitCode = error instanceof OptionsError ? 2 : 1;
});
