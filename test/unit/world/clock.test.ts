import { describe, expect, it } from "vitest";
import { GameClock } from "../../../src/world/clock.ts";
import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";

describe("GameClock", () => {
  it("advances speed game seconds per real second", () => {
    const clock = new GameClock(gameTimeOf(1, 8 * 60), 60);
    clock.advance(15_000);
    expect(clock.gameTime).toBe(gameTimeOf(1, 8 * 60 + 15));
    expect(clock).toMatchObject({ day: 1, hour: 8, minuteOfDay: 8 * 60 + 15, label: "Day 1 08:15" });
  });

  it("keeps fractions of a game second between small steps", () => {
    const clock = new GameClock(0, 1);
    for (let i = 0; i < 20; i++) clock.advance(50);
    expect(clock.gameTime).toBeCloseTo(1, 9);
  });

  it("reports the day that starts when it passes midnight, once", () => {
    const clock = new GameClock(gameTimeOf(1, 23 * 60 + 59), 1);
    expect(clock.advance(30_000)).toEqual({});
    expect(clock.advance(30_000)).toEqual({ dayStarted: 2 });
    expect(clock.advance(30_000)).toEqual({});
    expect(clock.label).toBe("Day 2 00:00");
  });

  it("runs through several days", () => {
    const clock = new GameClock(gameTimeOf(1, 6 * 60), 3_600);
    const days: number[] = [];
    for (let i = 0; i < 3 * 24 * 20; i++) {
      const { dayStarted } = clock.advance(50);
      if (dayStarted) days.push(dayStarted);
    }
    expect(days).toEqual([2, 3, 4]);
    expect(clock.label).toBe("Day 4 06:00");
  });

  it("can be set, paused and refuses impossible values", () => {
    const clock = new GameClock(0, 60);
    clock.set(gameTimeOf(3, 12 * 60));
    expect(clock.label).toBe("Day 3 12:00");
    clock.set(undefined, 0);
    clock.advance(10_000);
    expect(clock.label).toBe("Day 3 12:00");
    expect(() => clock.set(-1)).toThrow(RangeError);
    expect(() => clock.set(undefined, Number.NaN)).toThrow(RangeError);
    expect(() => clock.advance(-5)).toThrow(RangeError);
    expect(clock.speed).toBe(0);
  });
});
