/// <reference lib="dom" />
// The callbacks passed to page.evaluate run in the browser.
import type { Page } from "playwright-core";

/** What the inspector page exposes for tools and tests: where things are drawn (the canvas has no DOM per agent). */
interface InspectorHandle {
  screenPositionOf(id: string): { x: number; y: number } | undefined;
  screenPositionOfTile(x: number, y: number): { x: number; y: number };
}

/** The colour the page draws at the centre of an agent's marker (src/inspector/map-view.ts). */
export const AGENT_RGB = [242, 184, 75];

/** The colour drawn at the centre of an agent's marker; undefined until the agent is on the map. */
export async function agentPixel(page: Page, agentId: string): Promise<number[] | undefined> {
  return page.evaluate((id) => {
    const at = (window as unknown as { inspector?: InspectorHandle }).inspector?.screenPositionOf(id);
    if (!at) return undefined;
    const canvas = document.getElementById("map") as HTMLCanvasElement;
    const pixel = canvas.getContext("2d")!.getImageData(Math.round(at.x * devicePixelRatio), Math.round(at.y * devicePixelRatio), 1, 1).data;
    return [pixel[0]!, pixel[1]!, pixel[2]!];
  }, agentId);
}

/** Clicks an agent on the map: the page selects it and shows its panel. */
export async function clickAgent(page: Page, agentId: string): Promise<void> {
  const at = await page.evaluate((id) => (window as unknown as { inspector: InspectorHandle }).inspector.screenPositionOf(id)!, agentId);
  await clickOnMap(page, at);
}

/** Clicks a tile of the map: the viewer's character walks there. */
export async function clickTile(page: Page, x: number, y: number): Promise<void> {
  const at = await page.evaluate(([tileX, tileY]) => (window as unknown as { inspector: InspectorHandle }).inspector.screenPositionOfTile(tileX!, tileY!), [x, y]);
  await clickOnMap(page, at);
}

async function clickOnMap(page: Page, at: { x: number; y: number }): Promise<void> {
  const box = (await page.locator("#map").boundingBox())!;
  await page.mouse.click(box.x + at.x, box.y + at.y);
}
