/// <reference lib="dom" />
// The callbacks passed to page.waitForFunction run in the browser.
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { startGameServer } from "../../src/server.ts";
import { launchChromium } from "../support/browser.ts";
import { AGENT_RGB, agentPixel, clickAgent, clickTile } from "../support/inspector-page.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * `npm run docs:screenshot`: the README's picture of the inspector, taken from the sample world. Starts the
 * server on worlds/heartwood with a throwaway in-memory database and the offline provider, opens the built
 * inspector page in Debian's Chromium (playwright-core, as test:inspector does), waits until every agent is
 * drawn, selects Rosa the baker, walks up to her, says a line and waits for her streamed reply, then writes
 * docs/inspector.png. The world runs at its own clock, so each run shows a slightly different moment.
 */
const WORLDS_DIR = path.resolve(import.meta.dirname, "../..", "worlds");
const OUTPUT = path.resolve(import.meta.dirname, "../..", "docs", "inspector.png");
const VIEWPORT = { width: 1600, height: 1000 };
/** Every agent of the sample world, as its files name them. */
const AGENTS_DIR = path.join(WORLDS_DIR, "heartwood", "agents");
const AGENTS = fs
  .readdirSync(AGENTS_DIR)
  .filter((file) => file.endsWith(".json"))
  .map((file) => (JSON.parse(fs.readFileSync(path.join(AGENTS_DIR, file), "utf8")) as { id: string }).id);
const SUBJECT = { id: "rosa_baker", name: "Rosa", standAt: { x: 24, y: 10 }, line: "Good morning, Rosa! What are you baking today?" };
const WAIT_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: "memory://",
    WORLDS_DIR,
    DEFAULT_WORLD: "heartwood",
    LLM_MODE: "offline",
    // Every agent on the map, not only those near the viewer's character.
    INTEREST_RADIUS: "80",
    LOG_LEVEL: "warn",
  });
  const game = await startGameServer(config, createLogger(config.LOG_LEVEL));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(`http://127.0.0.1:${game.port}`);
    await page.waitForFunction(() => document.getElementById("connection")?.textContent === "connected", undefined, { timeout: WAIT_MS });
    for (const id of AGENTS) await waitFor(() => agentPixel(page, id), (rgb) => String(rgb) === String(AGENT_RGB), `${id} drawn on the map`, WAIT_MS);

    await clickAgent(page, SUBJECT.id);
    await clickTile(page, SUBJECT.standAt.x, SUBJECT.standAt.y);
    await page.waitForFunction((name) => document.getElementById("chat-target")?.textContent === `Say to ${name}`, SUBJECT.name, { timeout: WAIT_MS });
    await page.fill("#chat-input", SUBJECT.line);
    await page.press("#chat-input", "Enter");
    await page.waitForSelector(`#chat-log li[data-speaker="${SUBJECT.id}"][data-streamed="true"]`, { timeout: WAIT_MS });
    await page.waitForFunction(() => (document.querySelectorAll("#agent-panel [data-testid=recent-memories] li").length ?? 0) > 0, undefined, { timeout: WAIT_MS });
    await page.screenshot({ path: OUTPUT });
    console.log(`wrote ${path.relative(process.cwd(), OUTPUT)} (${VIEWPORT.width}x${VIEWPORT.height})`);
  } finally {
    await browser.close();
    await game.shutdown();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`docs:screenshot failed: ${error.message}\n`);
  process.exit(1);
});
