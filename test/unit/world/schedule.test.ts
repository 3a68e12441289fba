import { describe, expect, it } from "vitest";
import { scheduleFromRows, slotAt, type ScheduleSlot } from "../../../src/world/schedule.ts";

const schedule: ScheduleSlot[] = [
  { startMinute: 6 * 60, activity: "bake", location: "bakery" },
  { startMinute: 12 * 60, activity: "lunch", location: "tavern" },
  { startMinute: 22 * 60, activity: "sleep", location: "home" },
];

describe("slotAt", () => {
  it("is the last slot that has started", () => {
    expect(slotAt(schedule, 6 * 60)!.activity).toBe("bake");
    expect(slotAt(schedule, 11 * 60 + 59)!.activity).toBe("bake");
    expect(slotAt(schedule, 12 * 60)!.activity).toBe("lunch");
    expect(slotAt(schedule, 23 * 60 + 59)!.activity).toBe("sleep");
  });

  it("before the first slot of the day, is the last slot of the day before", () => {
    expect(slotAt(schedule, 0)!.activity).toBe("sleep");
    expect(slotAt(schedule, 5 * 60 + 59)!.activity).toBe("sleep");
  });

  it("is undefined for an empty schedule and constant for a single slot", () => {
    expect(slotAt([], 100)).toBeUndefined();
    expect(slotAt([schedule[1]!], 0)).toBe(schedule[1]);
  });
});

describe("scheduleFromRows", () => {
  it("turns loader rows (HH:MM) into sorted slots", () => {
    const slots = scheduleFromRows([
      { start_time: "18:30", activity: "stroll", location: "square", description: null },
      { start_time: "06:05", activity: "bake", location: null, description: "Loaves first" },
    ]);
    expect(slots).toEqual([
      { startMinute: 6 * 60 + 5, activity: "bake", location: null, description: "Loaves first" },
      { startMinute: 18 * 60 + 30, activity: "stroll", location: "square" },
    ]);
  });
});
