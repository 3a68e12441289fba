import { beforeAll, describe, expect, it } from "vitest";
import { checkFactPool, FACTS, sharedWords } from "../../../bench/memory/facts.ts";
import { generateStream, nowGameTime } from "../../../bench/memory/stream.ts";
import { DEFAULT_WORLD_DIR, readTown, type Town } from "../../../bench/memory/town.ts";

const SHAPE = { days: 7, factsPerAgent: 6, seed: 1 };

describe("bench:memory streams", () => {
  let town: Town;
  beforeAll(async () => {
    town = await readTown(DEFAULT_WORLD_DIR);
  });

  it("are the same for the same seed and differ for another", () => {
    expect(generateStream(town, 3, SHAPE)).toEqual(generateStream(town, 3, SHAPE));
    expect(generateStream(town, 3, { ...SHAPE, seed: 2 }).memories).not.toEqual(generateStream(town, 3, SHAPE).memories);
  });

  it("fill every one of the seven days with hundreds of varied memories of every kind", () => {
    const { memories } = generateStream(town, 0, SHAPE);
    const days = new Set(memories.map((memory) => Math.floor(memory.gameTime / 86_400)));
    expect([...days].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(memories.filter((memory) => memory.memoryType === "observation").length).toBeGreaterThan(300);
    expect(new Set(memories.map((memory) => memory.memoryType))).toEqual(new Set(["observation", "conversation", "plan", "reflection"]));
    expect(new Set(memories.map((memory) => memory.content)).size).toBeGreaterThan(memories.length / 3);
    expect(memories.filter((memory) => memory.importanceScore >= 8 && memory.emotionalRelevance >= 0.7).length).toBeGreaterThanOrEqual(7);
    expect(memories.every((memory, index) => index === 0 || memory.gameTime >= memories[index - 1]!.gameTime)).toBe(true);
    expect(memories.every((memory) => memory.gameTime < nowGameTime(SHAPE) && memory.lastAccessedGameTime <= nowGameTime(SHAPE))).toBe(true);
  });

  it("plant distinct facts of low importance, told by someone else before the last day", () => {
    const stream = generateStream(town, 0, SHAPE);
    expect(new Set(stream.planted.map((planted) => planted.fact.text)).size).toBe(6);
    for (const { index, fact } of stream.planted) {
      const memory = stream.memories[index]!;
      expect(memory.content).toContain(fact.text);
      expect(memory.content).not.toContain(stream.person.name);
      expect(memory.importanceScore).toBeLessThanOrEqual(3);
      expect(memory.gameTime).toBeLessThan((SHAPE.days - 1) * 86_400);
    }
  });

  it("ask paraphrases that share no content word with their fact, and shares-word questions that do", () => {
    expect(() => checkFactPool(FACTS)).not.toThrow();
    expect(sharedWords("the old well behind the chapel has gone dry", "Where can I no longer fill a bucket for drinking?")).toEqual([]);
    expect(() => checkFactPool([{ text: "the ferry leaves at dawn", sharesWord: ["When does the boat go?"], paraphrase: ["Is the ferry late?"] }])).toThrow(
      /"When does the boat go\?" is listed as shares-word but shares no word[\s\S]*"Is the ferry late\?" is listed as a paraphrase but shares ferry/,
    );
  });
});
