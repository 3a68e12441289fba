import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * `npm run build`: the production server in dist/, run with plain node (`npm run start:prod`).
 *   dist/src, rooms, agents, db, scripts   the server and its command-line tools as JavaScript (tsc, scripts/tsconfig.build.json)
 *   dist/migrations                        the SQL migrations (read next to db/migrate.js)
 *   dist/src/inspector/dist                the world inspector page (Vite), served by dist/src/http/inspector-page.js
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = path.join(ROOT, "dist");

async function step(name: string, run: () => unknown): Promise<void> {
  const started = performance.now();
  await run();
  console.log(`${name} in ${Math.round(performance.now() - started)} ms`);
}

fs.rmSync(DIST, { recursive: true, force: true });
await step("server compiled into dist/", () => {
  execFileSync(path.join(ROOT, "node_modules", ".bin", "tsc"), ["-p", path.join(ROOT, "scripts", "tsconfig.build.json")], { stdio: "inherit" });
});
await step("migrations copied into dist/migrations", () => {
  fs.cpSync(path.join(ROOT, "migrations"), path.join(DIST, "migrations"), { recursive: true });
});
await step("inspector page built into dist/src/inspector/dist", async () => {
  const { build } = await import("vite");
  await build({ configFile: path.join(ROOT, "src", "inspector", "vite.config.ts"), build: { outDir: path.join(DIST, "src", "inspector", "dist") } });
});
console.log(`dist/ holds ${countFiles(DIST)} files; start it with \`npm run start:prod\``);

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).length;
}
