import { describe, expect, it } from "vitest";
import { createRng, restoreRng } from "../../../src/world/rng.ts";

const draw = (rng: { next(): number }, count: number) => Array.from({ length: count }, () => rng.next());

describe("seeded RNG", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    expect(draw(createRng(42), 100)).toEqual(draw(createRng(42), 100));
    expect(draw(createRng(42), 100)).not.toEqual(draw(createRng(43), 100));
  });

  it("draws floats in [0, 1)", () => {
    for (const value of draw(createRng(7), 10_000)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it("draws every integer of an inclusive range and nothing outside it", () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(rng.int(-3, 3));
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });

  it("picks items of the list", () => {
    const rng = createRng(5);
    const items = ["a", "b", "c"] as const;
    const picked = new Set(Array.from({ length: 200 }, () => rng.pick(items)));
    expect([...picked].sort()).toEqual(["a", "b", "c"]);
  });

  it("continues the same sequence after its state is saved and restored", () => {
    const original = createRng(2024);
    draw(original, 37);
    const restored = restoreRng(original.state());
    expect(draw(restored, 100)).toEqual(draw(original, 100));
    expect(restored.state()).toBe(original.state());
  });

  it("saves its state as a JSON-friendly string", () => {
    const state = createRng(9).state();
    expect(JSON.parse(JSON.stringify(state))).toBe(state);
  });

  it("refuses an invalid state, range or empty list with a message saying what is wrong", () => {
    expect(() => restoreRng("not a state")).toThrow(/invalid RNG state "not a state"/);
    expect(() => createRng(1).int(5, 4)).toThrow(RangeError);
    expect(() => createRng(1).pick([])).toThrow(/at least one item/);
    expect(() => createRng(Number.NaN)).toThrow(/finite/);
  });
});
