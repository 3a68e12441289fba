/// <reference lib="dom" />
// The callbacks passed to page.evaluate run in the browser.
import fs from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, register } from "../support/accounts.ts";
import { launchChromium } from "../support/browser.ts";
import { AGENT_RGB, agentPixel, clickAgent, clickTile } from "../support/inspector-page.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";

const ARTIFACTS = "test-artifacts/inspector";

/** The meadow of the conversation tests; Lina, in talking range of the spawn, starts with memories and a friend. */
function inspectorWorld() {
  return makeWorldsDir(
    { ...smallWorld, clock: { startDay: 1, startTime: "07:39", speed: 60 }, conversations: { talkRange: 8, hearingRange: 20 } },
    {
      "lina.json": agent("lina", {
        role: "florist",
        current_location: "square",
        current_x: 19,
        current_y: 14,
        schedule: { "0:00": { activity: "tend the flower stall" } },
        relationships: { mara: { relationship_type: "friend", affection_score: 60, trust_level: 80, summary: "Mara sweeps around my stall every morning." } },
        memories: [
          { content: "The roses came in early this year.", importance_score: 4 },
          { content: "Mara helped me rebuild the stall after the storm.", importance_score: 9, emotional_relevance: 0.8, related_agents: ["mara"] },
        ],
      }),
      "mara.json": agent("mara", { current_location: "square", current_x: 12, current_y: 8, schedule: { "0:00": { activity: "sweep the square" } } }),
      "otto.json": agent("otto", { schedule: { "6:00": { activity: "bake", location: "bakery" } } }),
    },
  );
}

describe("world inspector page in Chromium", () => {
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof inspectorWorld>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await fs.mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    world = await inspectorWorld();
    server = await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", INTEREST_RADIUS: "40" });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on("pageerror", (error) => console.error("page error:", error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await world?.cleanup();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  it("loads the page, joins the world and draws its agents on the map", async () => {
    await page.goto(server.httpUrl);
    await expect.poll(() => page.textContent("#connection")).toBe("connected");
    await expect.poll(() => page.textContent("#world-name")).toBe("Meadow");
    await expect.poll(() => page.textContent("#clock")).toMatch(/^Day 1, 07:\d\d/);
    for (const id of ["lina", "mara", "otto"]) {
      await expect.poll(() => agentPixel(page, id), { message: `${id} drawn on the canvas`, timeout: 10_000 }).toEqual(AGENT_RGB);
    }
    await shot("01-map");
  });

  it("clicking an agent shows who it is, its relationships and its memories with scores", async () => {
    await clickAgent(page, "lina");
    const panel = page.locator("#agent-panel");
    await expect.poll(() => panel.locator("[data-testid=agent-name]").textContent()).toContain("Lina");
    await expect.poll(() => panel.textContent()).toContain("tend the flower stall");
    const important = panel.locator("[data-testid=important-memories] li").first();
    await expect.poll(() => important.textContent()).toBe("9.00.80Mara helped me rebuild the stall after the storm.");
    expect(await panel.locator("[data-testid=recent-memories]").textContent()).toContain("The roses came in early this year.");
    const affection = panel.locator("[role=meter][aria-label=affection]").first();
    expect(await affection.getAttribute("aria-valuenow")).toBe("60");
    // Drawn, not only labelled: on the -100..100 scale, 60 fills from the middle 30% of the track.
    const [track, fill] = await Promise.all([affection.locator(".track").boundingBox(), affection.locator(".fill").boundingBox()]);
    expect(fill!.width / track!.width).toBeCloseTo(0.3, 2);
    expect(fill!.x - track!.x).toBeCloseTo(track!.width / 2, 0);
    // Mood and energy are the live ones: Lina's file says calm and 80, and tending the stall tires her a little.
    expect(await panel.locator("[data-testid=agent-mood]").textContent()).toBe("calm");
    const energy = Number(await panel.locator("[data-testid=agent-energy] [role=meter]").getAttribute("aria-valuenow"));
    expect(energy).toBeGreaterThan(60);
    expect(energy).toBeLessThanOrEqual(80);
    expect(await panel.textContent()).toContain("Mara sweeps around my stall every morning.");
    // Asking an agent's memory is for admins (the admin test below asks).
    expect(await panel.locator("[data-testid=recall]").isVisible()).toBe(false);
    await shot("02-agent-panel");
  });

  it("a line said to the selected agent is answered word by word; a guest is told that players' words are for admins", async () => {
    await page.evaluate(() => {
      const seen = { partialChunks: 0 };
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        const streaming = document.querySelector('#chat-log li[data-speaker="lina"][data-partial="true"] .text');
        if (streaming) seen.partialChunks = Math.max(seen.partialChunks, streaming.textContent!.split(" ").length);
      }).observe(document.getElementById("chat-log")!, { subtree: true, childList: true, characterData: true });
    });
    await expect.poll(() => page.textContent("#chat-target")).toBe("Say to Lina");
    await page.fill("#chat-input", "Good morning, Lina! Lovely roses.");
    await page.press("#chat-input", "Enter");
    await expect.poll(() => page.locator("#chat-log li.mine").last().textContent()).toBe("YouGood morning, Lina! Lovely roses.");
    const reply = page.locator('#chat-log li[data-speaker="lina"][data-streamed="true"]');
    await expect.poll(() => reply.count(), { message: "Lina's streamed reply", timeout: 20_000 }).toBe(1);
    expect((await reply.locator(".text").textContent())!.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { seen: { partialChunks: number } }).seen.partialChunks)).toBeGreaterThan(1);
    await shot("03-chat");
    // What players said is for admins: a guest's panel says so (the admin test below reads the remembered line).
    expect(await page.locator("#agent-panel [data-testid=player-data-hidden]").textContent()).toMatch(/shown to admins only/);
  });

  it("the world panel shows LLM use, tick p99 and connected clients", async () => {
    await page.click("#tab-world");
    const stats = page.locator("[data-testid=world-stats]");
    await expect.poll(() => stats.textContent()).toContain("Clients1");
    expect(await stats.textContent()).toMatch(/LLM calls\/min\d+/);
    expect(await stats.textContent()).toMatch(/Tick p99≤ [\d.]+ ms/);
    await shot("04-world-panel");
    await page.click("#tab-agent");
  });

  it("clicking a tile walks the viewer's character there", async () => {
    await clickTile(page, 16, 12);
    // The walk is the server's: the character arrives and its position is stored (written behind every 2 s).
    const stored = () => server.game.db.pool.query("SELECT x, y FROM characters WHERE character_name = 'Inspector'").then((result) => result.rows[0]);
    await expect.poll(stored, { message: "Inspector standing on (16, 12)", timeout: 15_000 }).toEqual({ x: 16, y: 12 });
    await shot("05-moved");
  });

  it("an admin logs in on the world panel, pauses the game clock and reads the line the agent remembered", async () => {
    await adminToken(server.httpUrl, server.game.db.pool, "designer", "correct horse battery");
    await page.click("#tab-world");
    await page.fill("#world-panel input[name=username]", "designer");
    await page.fill("#world-panel input[name=password]", "correct horse battery");
    await page.click("#world-panel button[type=submit]");
    // The page reloads and rejoins with the account.
    await expect.poll(() => page.textContent("#viewer"), { timeout: 15_000 }).toBe("designer · admin");
    await page.click("#tab-world");
    await page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => page.textContent("#clock"), { timeout: 10_000 }).toMatch(/^Day 1, \d\d:\d\d \(paused\)$/);
    await expect.poll(() => page.locator("[data-testid=world-stats]").textContent(), { timeout: 10_000 }).toContain("Clock speedpaused");
    await shot("06-admin-paused");
    await page.click("#tab-agent");
    await clickAgent(page, "lina");
    await expect
      .poll(() => page.locator("#agent-panel [data-testid=recent-memories]").textContent(), { message: "the admin reads the line Lina remembered", timeout: 15_000 })
      .toContain('Inspector said to me: "Good morning, Lina! Lovely roses."');
    expect(await page.locator("#agent-panel [data-testid=player-data-hidden]").count()).toBe(0);
  });

  it("an admin asks the agent's memory and sees the memory it would recall, with its component scores", async () => {
    const box = page.locator("#agent-panel [data-testid=recall]");
    await expect.poll(() => box.isVisible(), { message: "the recall box, shown to admins" }).toBe(true);
    await box.locator("input[name=q]").fill("Who helped rebuild the stall after the storm?");
    await box.locator("input[name=q]").press("Enter");
    const first = box.locator("[data-testid=recall-results] li").first();
    await expect.poll(() => first.textContent(), { message: "Lina's best memory for the question", timeout: 15_000 }).toContain("Mara helped me rebuild the stall after the storm.");
    for (const name of ["relevance", "importance", "emotion", "recency"]) expect(await first.locator(`[data-component=${name}]`).textContent()).toMatch(new RegExp(`^${name} \\d\\.\\d\\d$`));
    await shot("08-recall");
  });
});

describe("world inspector page where guests are not allowed", () => {
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof inspectorWorld>>;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    world = await inspectorWorld();
    server = await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", ALLOW_GUESTS: "false" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await world?.cleanup();
  });

  it("says why it could not join and lets the player log in, then joins with the account", async () => {
    await register(server.httpUrl, "wren");
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(server.httpUrl);
    await expect.poll(() => page.textContent("#connection")).toBe("could not join");
    expect(await page.textContent("#agent-panel")).toMatch(/guest.*Log in with an account:/is);
    await page.fill("#agent-panel input[name=username]", "wren");
    await page.fill("#agent-panel input[name=password]", "correct horse battery");
    await page.click("#agent-panel button[type=submit]");
    await expect.poll(() => page.textContent("#viewer"), { timeout: 15_000 }).toBe("wren · player");
    await expect.poll(() => page.textContent("#connection")).toBe("connected");
    await page.screenshot({ path: path.join(ARTIFACTS, "07-logged-in-player.png") });
  });
});
