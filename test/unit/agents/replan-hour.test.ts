import { describe, expect, it } from "vitest";
import { withReaction } from "../../../agents/engine/mind.ts";

describe("a reaction re-plans the rest of the hour", () => {
  const schedule = [
    { startMinute: 8 * 60, activity: "open shop", location: "general_store" },
    { startMinute: 8 * 60 + 10, activity: "sort shelves", location: "general_store" },
    { startMinute: 9 * 60, activity: "serve customers", location: "general_store" },
  ];

  it("puts the reaction now and goes back to the interrupted step afterwards", () => {
    expect(withReaction(schedule, 8 * 60 + 20, "talking with Tess")).toEqual([
      schedule[0],
      schedule[1],
      schedule[2],
      { startMinute: 8 * 60 + 20, activity: "talking with Tess", location: null },
      { startMinute: 8 * 60 + 35, activity: "sort shelves", location: "general_store" },
    ]);
  });

  it("drops steps that would have started during the reaction, and resumes with the one in effect after it", () => {
    const replanned = withReaction(schedule, 8 * 60 + 55, "greeting Bob");
    expect(replanned).toContainEqual({ startMinute: 8 * 60 + 55, activity: "greeting Bob", location: null });
    expect(replanned).toContainEqual({ startMinute: 9 * 60 + 10, activity: "serve customers", location: "general_store" });
    expect(replanned.some((slot) => slot.startMinute === 9 * 60)).toBe(false);
  });

  it("wraps past midnight", () => {
    const night = [{ startMinute: 22 * 60, activity: "sleep", location: "home" }];
    expect(withReaction(night, 23 * 60 + 50, "answering the door")).toEqual([
      { startMinute: 22 * 60, activity: "sleep", location: "home" },
      { startMinute: 23 * 60 + 50, activity: "answering the door", location: null },
      { startMinute: 5, activity: "sleep", location: "home" },
    ]);
  });
});
