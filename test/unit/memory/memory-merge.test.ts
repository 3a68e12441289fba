import { describe, expect, it } from "vitest";
import { normalizeMemoryContent, planMerges } from "../../../db/repositories/memory-merge.ts";
import type { NewMemoryRecord as NewMemory } from "../../../db/repositories/memory-records.ts";

const MINUTE = 60;
const WINDOW = 30 * MINUTE;

function seen(content: string, gameTime: number, agentId = "elara", extra: Partial<NewMemory> = {}): NewMemory {
  return { agentId, memoryType: "observation", content, gameTime, ...extra };
}

describe("near-duplicate write filter (plan)", () => {
  it("normalises case, spacing and final punctuation, nothing else", () => {
    expect(normalizeMemoryContent("  Elara   is hammering\ta blade. ")).toBe("elara is hammering a blade");
    expect(normalizeMemoryContent("Elara is hammering a blade!!")).toBe("elara is hammering a blade");
    expect(normalizeMemoryContent("Elara is not hammering a blade")).not.toBe(normalizeMemoryContent("Elara is hammering a blade"));
  });

  it("merges a repeat within the window into the existing row and moves its last access to the repeat", () => {
    const plan = planMerges([seen("Elara is hammering a blade.", 100 * MINUTE, "tess", { importanceScore: 4 })], [
      { id: 7, agentId: "tess", memoryType: "observation", content: "elara is hammering a blade", gameTime: 80 * MINUTE },
    ], WINDOW);
    expect(plan.inserts).toEqual([]);
    expect(plan.updates).toEqual([{ id: 7, added: 1, lastSeen: 100 * MINUTE, importanceScore: 4, emotionalRelevance: 0 }]);
    expect(plan.targets).toEqual([{ kind: "existing", id: 7 }]);
  });

  it("inserts when the existing row is outside the window, of another agent or another type", () => {
    const existing = [{ id: 7, agentId: "tess", memoryType: "observation" as const, content: "the bell rings", gameTime: 0 }];
    const plan = planMerges(
      [seen("The bell rings", WINDOW + 1, "tess"), seen("The bell rings", 10, "bram"), seen("The bell rings", 10, "tess", { memoryType: "conversation" })],
      existing,
      WINDOW,
    );
    expect(plan.updates).toEqual([]);
    expect(plan.inserts.map((insert) => insert.memory.agentId)).toEqual(["bram", "tess", "tess"]);
  });

  it("folds repeats inside one batch into planned rows, one per window anchored at the first sighting", () => {
    // Every 20 minutes for an hour: 0 and 20 share a window, 40 opens the next one, 60 joins it.
    const batch = [0, 20, 40, 60].map((minutes) => seen("Elara waves", minutes * MINUTE, "tess", { emotionalRelevance: minutes / 100 }));
    const plan = planMerges(batch, [], WINDOW);
    expect(plan.inserts.map((insert) => insert.mergeCount)).toEqual([2, 2]);
    expect(plan.inserts[0]!.memory).toMatchObject({ content: "Elara waves", gameTime: 0, lastAccessedGameTime: 20 * MINUTE, emotionalRelevance: 0.2 });
    expect(plan.inserts[1]!.memory).toMatchObject({ gameTime: 40 * MINUTE, lastAccessedGameTime: 60 * MINUTE, emotionalRelevance: 0.6 });
    expect(plan.targets).toEqual([
      { kind: "insert", index: 0, merged: false },
      { kind: "insert", index: 0, merged: true },
      { kind: "insert", index: 1, merged: false },
      { kind: "insert", index: 1, merged: true },
    ]);
  });

  it("takes inputs in game-time order whatever the batch order", () => {
    const plan = planMerges([seen("a fox", 50 * MINUTE), seen("a fox", 0), seen("a fox", 25 * MINUTE)], [], WINDOW);
    expect(plan.targets).toEqual([
      { kind: "insert", index: 1, merged: false },
      { kind: "insert", index: 0, merged: false },
      { kind: "insert", index: 0, merged: true },
    ]);
  });
});
