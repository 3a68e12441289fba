import fs from "node:fs";
import path from "node:path";
import { INSPECTOR_DIST } from "../src/http/inspector-page.ts";

/**
 * Builds the world inspector page with Vite into src/inspector/dist/. With --if-stale (what `npm start`
 * and the browser test use) it builds only when the page is missing or a source is newer than the build,
 * so a fresh clone, a pull and an edit all get a current page without a rebuild on every start.
 */
const dist = INSPECTOR_DIST.replace(/\/$/, "");
const source = path.dirname(dist);
const built = path.join(dist, "index.html");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== dist) newest = Math.max(newest, newestSource(full));
    } else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const ifStale = process.argv.includes("--if-stale");
if (ifStale && fs.existsSync(built) && fs.statSync(built).mtimeMs >= Math.max(newestSource(source), fs.statSync("package-lock.json").mtimeMs)) {
  console.log("inspector page is up to date (src/inspector/dist)");
} else {
  const started = performance.now();
  // Loaded only to build: importing Vite alone takes about 170 MB, which `npm start` need not pay for an up-to-date page.
  const { build } = await import("vite");
  await build({ configFile: path.join(source, "vite.config.ts") });
  console.log(`inspector page built into src/inspector/dist in ${Math.round(performance.now() - started)} ms`);
}
