import { describe, expect, it } from "vitest";
import { ReplyBudget } from "../../../agents/conversation/reply-budget.ts";

const MINUTE_MS = 60_000;
const HOUR_S = 3_600;

/** Asks for `count` replies at once and says how many the budget granted. */
function granted(budget: ReplyBudget, playerId: string, count: number, realMs: number, gameSeconds: number): number {
  return Array.from({ length: count }, () => budget.take(playerId, { realMs, gameSeconds })).filter(Boolean).length;
}

describe("the per-player reply budget", () => {
  it("grants at most perRealMinute model replies in any real minute, then again as the oldest leave the window", () => {
    const budget = new ReplyBudget({ perRealMinute: 5, perGameHour: 1_000 });
    expect(granted(budget, "ann", 200, 0, 0)).toBe(5);
    expect(granted(budget, "ann", 10, MINUTE_MS - 1, 10)).toBe(0);
    expect(granted(budget, "ann", 10, MINUTE_MS, 20)).toBe(5);
  });

  it("grants at most perGameHour model replies in any game hour, however fast the game clock runs", () => {
    const budget = new ReplyBudget({ perRealMinute: 1_000, perGameHour: 3 });
    expect(granted(budget, "ann", 10, 0, 0)).toBe(3);
    expect(granted(budget, "ann", 10, 5 * MINUTE_MS, HOUR_S - 1)).toBe(0);
    expect(granted(budget, "ann", 10, 5 * MINUTE_MS, HOUR_S)).toBe(3);
  });

  it("keeps one budget per player, shared by every agent the player talks to", () => {
    const budget = new ReplyBudget({ perRealMinute: 2, perGameHour: 100 });
    expect(granted(budget, "ann", 5, 0, 0)).toBe(2);
    expect(granted(budget, "bob", 5, 0, 0)).toBe(2);
  });

  it("does not count replies the game clock has been set back before", () => {
    const budget = new ReplyBudget({ perRealMinute: 100, perGameHour: 2 });
    expect(granted(budget, "ann", 2, 0, 10 * HOUR_S)).toBe(2);
    expect(granted(budget, "ann", 2, MINUTE_MS * 2, HOUR_S)).toBe(2);
  });
});
