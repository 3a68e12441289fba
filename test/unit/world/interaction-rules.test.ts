import { describe, expect, it } from "vitest";
import { canHear, canInteract, canTalkTo, INTERACT_RANGE_TILES, onMap } from "../../../src/world/interaction-rules.ts";

describe("interaction rules", () => {
  it("a player interacts with an agent up to the interact range, edge included", () => {
    expect(canInteract({ x: 0, y: 0 }, { x: INTERACT_RANGE_TILES, y: 0 })).toBe(true);
    expect(canInteract({ x: 0, y: 0 }, { x: 2, y: 2 })).toBe(true);
    expect(canInteract({ x: 0, y: 0 }, { x: 3, y: 1 })).toBe(false);
  });

  it("talking and hearing use the straight-line distance against the world's ranges", () => {
    expect(canTalkTo({ x: 1, y: 1 }, { x: 4, y: 5 }, 5)).toBe(true);
    expect(canTalkTo({ x: 1, y: 1 }, { x: 4, y: 5 }, 4.9)).toBe(false);
    expect(canHear({ x: 10.5, y: 0 }, { x: 0, y: 0 }, 10)).toBe(false);
    expect(canHear({ x: 10, y: 0 }, { x: 0, y: 0 }, 10)).toBe(true);
  });

  it("a tile is on the map from 0 up to, not including, its width and height", () => {
    const map = { width: 40, height: 30 };
    expect(onMap(map, { x: 0, y: 0 })).toBe(true);
    expect(onMap(map, { x: 39, y: 29 })).toBe(true);
    expect(onMap(map, { x: 40, y: 0 })).toBe(false);
    expect(onMap(map, { x: 0, y: 30 })).toBe(false);
    expect(onMap(map, { x: -1, y: 0 })).toBe(false);
  });
});
