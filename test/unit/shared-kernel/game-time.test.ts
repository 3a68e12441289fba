import { describe, expect, it } from "vitest";
import { clockLabel, dayOf, describeGameTime, formatGameTime, gameHourOf, gameTimeOf, minuteOfDayOf, secondsOfDayOf, spokenClock } from "../../../src/shared-kernel/game-time.ts";

describe("game time", () => {
  const dayTwoAt0745 = gameTimeOf(2, 7 * 60 + 45);

  it("counts game seconds from day 1, 00:00", () => {
    expect(gameTimeOf(1, 0)).toBe(0);
    expect(dayTwoAt0745).toBe(86_400 + 27_900);
    expect(dayOf(dayTwoAt0745)).toBe(2);
    expect(dayOf(86_399.5)).toBe(1);
    expect(secondsOfDayOf(dayTwoAt0745 + 30)).toBe(27_930);
    expect(minuteOfDayOf(dayTwoAt0745 + 59)).toBe(465);
    expect(gameHourOf(dayTwoAt0745)).toBe(24 + 7);
  });

  it("labels a time the way each reader expects it", () => {
    expect(clockLabel(7 * 60 + 5)).toBe("07:05");
    expect(spokenClock(7 * 60 + 5)).toBe("7:05");
    expect(formatGameTime(dayTwoAt0745)).toBe("Day 2, 07:45");
    expect(describeGameTime(dayTwoAt0745)).toEqual({ day: 2, hour: 7, minute: 45, label: "Day 2 07:45" });
  });
});
