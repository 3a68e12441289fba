import { describe, expect, it } from "vitest";
import { RecentlyAccessed } from "../../../agents/memory/recently-accessed.ts";

describe("recently accessed memories", () => {
  it("keeps each agent's latest retrievals, newest first, without repeats, up to the cap", () => {
    const recent = new RecentlyAccessed(4);
    recent.record("tess", [1, 2, 3]);
    recent.record("tess", [4, 2]);
    recent.record("bram", [9]);
    expect(recent.of("tess")).toEqual([4, 2, 1, 3]);
    recent.record("tess", [5]);
    expect(recent.of("tess")).toEqual([5, 4, 2, 1]);
    expect(recent.of("bram")).toEqual([9]);
    expect(recent.of("nobody")).toEqual([]);
  });

  it("forgets consolidated memories", () => {
    const recent = new RecentlyAccessed();
    recent.record("tess", [1, 2, 3]);
    recent.forget("tess", [2]);
    expect(recent.of("tess")).toEqual([1, 2, 3].filter((id) => id !== 2));
  });
});
