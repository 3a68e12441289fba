import { describe, expect, it } from "vitest";
import { partOfDay, situationQuery } from "../../../agents/memory/situation-query.ts";

describe("the query an agent asks its memory", () => {
  it("leads with the words just said, then who is there, where, when and what the agent is doing", () => {
    expect(situationQuery({ said: ["Good morning!", "Is the bridge open?"], present: ["Ann"], place: "town_square", minuteOfDay: 9 * 60 + 30, activity: "tend the flower stall" })).toBe(
      "Good morning! | Is the bridge open? | Ann | town square | morning | tend the flower stall",
    );
  });

  it("leaves out what the situation does not have, and squeezes whitespace", () => {
    expect(situationQuery({ focus: "  Otto is nearby,\n  sell bread ", place: null, minuteOfDay: 0 })).toBe("Otto is nearby, sell bread | night");
    expect(situationQuery({ said: [""], present: [], activity: "" })).toBe("");
  });

  it("names the part of the day a game minute falls in", () => {
    expect([0, 5 * 60, 11 * 60 + 59, 12 * 60, 17 * 60, 21 * 60, 1439, 1440 + 13 * 60].map(partOfDay)).toEqual(["night", "morning", "morning", "afternoon", "evening", "night", "night", "afternoon"]);
  });
});
