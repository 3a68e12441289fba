import { describe, expect, it } from "vitest";
import { partOfDay } from "../../../src/shared-kernel/game-time.ts";
import { situationQuery } from "../../../agents/memory/situation-query.ts";

describe("the query an agent asks its memory", () => {
  it("asks with the words just said and who said them, leaving the setting out so the question leads", () => {
    expect(situationQuery({ said: ["Good morning!", "Is the bridge open?"], present: ["Ann"], place: "town_square", minuteOfDay: 9 * 60 + 30, activity: "tend the flower stall" })).toBe(
      "Good morning! | Is the bridge open? | Ann",
    );
  });

  it("with nothing said, asks with what the agent has in mind, who is there, where, when and what it is doing", () => {
    expect(situationQuery({ said: [], focus: "plans for today; meeting Ann", present: ["Mara"], place: "town_square", minuteOfDay: 15 * 60, activity: "sell bread" })).toBe(
      "plans for today; meeting Ann | Mara | town square | afternoon | sell bread",
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
