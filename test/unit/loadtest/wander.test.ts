import { describe, expect, it } from "vitest";
import { Wanderer, type MovementMessage } from "../../../bench/loadtest/wander.ts";
import { createRng } from "../../../src/world/rng.ts";

/** Walks a player the way the server would: one tile per step in the held direction, or straight to a clicked tile. */
function walk(wanderer: Wanderer, steps: number, start = { x: 50, y: 50 }) {
  const at = { ...start };
  const messages: MovementMessage[] = [];
  for (let step = 0; step < steps; step++) {
    const message = wanderer.next(at, step * 100);
    messages.push(message);
    if (message.type === "input") {
      at.x += message.dx;
      at.y += message.dy;
    }
  }
  return { at, messages };
}

describe("a simulated player's walk", () => {
  it("stays within the spread around where it joined, and sends a movement message every step", () => {
    const wanderer = new Wanderer(createRng(3), 10, 0);
    const { messages } = walk(wanderer, 500);
    expect(messages).toHaveLength(500);
    let at = { x: 50, y: 50 };
    for (const message of messages) {
      if (message.type !== "input") continue;
      at = { x: at.x + message.dx, y: at.y + message.dy };
      expect(Math.abs(at.x - 50)).toBeLessThanOrEqual(10);
      expect(Math.abs(at.y - 50)).toBeLessThanOrEqual(10);
    }
    // It walks rather than standing still.
    expect(messages.filter((message) => message.type === "input" && (message.dx !== 0 || message.dy !== 0)).length).toBeGreaterThan(250);
  });

  it("mixes in move_to clicks at about the chance given, on tiles that are never negative", () => {
    const { messages } = walk(new Wanderer(createRng(5), 30, 0.1), 2000, { x: 2, y: 2 });
    const clicks = messages.filter((message) => message.type === "move_to");
    expect(clicks.length).toBeGreaterThan(120);
    expect(clicks.length).toBeLessThan(280);
    for (const click of clicks) expect(Math.min(click.x, click.y)).toBeGreaterThanOrEqual(0);
  });

  it("turns to another target when it makes no progress (a wall), and heads for a chased agent", () => {
    const wanderer = new Wanderer(createRng(9), 20, 0);
    const wall = { x: 50, y: 50 };
    const first = wanderer.next(wall, 0);
    const directions = new Set<string>();
    for (let now = 0; now < 20_000; now += 100) {
      const message = wanderer.next(wall, now);
      if (message.type === "input") directions.add(`${message.dx},${message.dy}`);
    }
    expect(first.type).toBe("input");
    expect(directions.size).toBeGreaterThan(1);
    wanderer.chase = { x: 40, y: 60 };
    expect(wanderer.next(wall, 30_000)).toEqual({ type: "input", dx: -1, dy: 1 });
  });
});
