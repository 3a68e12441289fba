import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * `npm run build`: the production server in dist/, run with plain node (`npm run start:prod`).
 *   dist/src, rooms, agents, db, scripts   the server and its command-line tools as JavaScript (tsc, tsconfig.build.json)
 *   dist/migrations                        the SQL migrations (read next to db/migrate.js)
 *   dist/src/inspector/dist                the world inspector page (Vite), served by dist/src/http/inspector-page.js
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const DIST = path.join(ROOT, "dist");

function step(name: string, run: () => void): void {
  const started = performance.now();
  run();
  console.log(`${name} in ${Math.round(performance.now() - started)} ms`);
}

fs.rmSync(DIST, { recursive: true, force: true });
step("server compiled into dist/", () => {
  execFileSync(path.join(ROOT, "node_modules", ".bin", "tsc"), ["-p", path.join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
});
step("migrations copied into dist/migrations", () => {
  fs.cpSync(path.join(ROOT, "migrations"), path.join(DIST, "migrations"), { recursive: true });
});
const { build } = await import("vite");
const inspectorSource = path.join(ROOT, "src", "inspector");
const inspectorStarted = performance.now();
await build({ configFile: path.join(inspectorSource, "vite.config.ts"), build: { outDir: path.join(DIST, "src", "inspector", "dist") } });
console.log(`inspector page built into dist/src/inspector/dist in ${Math.round(performance.now() - inspectorStarted)} ms`);
console.log(`dist/ holds ${countFiles(DIST)} files; start it with \`npm run start:prod\``);

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).length;
}
