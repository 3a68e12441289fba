import { describe, expect, it } from "vitest";
import { InMemoryMemory, MERGE_WINDOW_SECONDS } from "../../../agents/engine/in-memory/memory-stream.ts";
import type { NewMemory } from "../../../agents/engine/ports.ts";
import { DEFAULT_MERGE_WINDOW_SECONDS } from "../../../db/repositories/memory-repository.ts";
import { DEFAULT_RETRIEVAL } from "../../../src/content/world-file.ts";
import { createOfflineEmbedder } from "../../../src/llm/offline-embedder.ts";
import type { EmbeddingProvider } from "../../../src/llm/task.ts";

const embedder = createOfflineEmbedder();
const HOUR = 3600;

function observation(content: string, gameTime: number, importance = 3): NewMemory {
  return { agentId: "mara", type: "observation", content, importance, gameTime };
}

describe("the in-memory memory stream", () => {
  it("merges a repeat within the database's window into the first sighting, which stays recent", async () => {
    expect(MERGE_WINDOW_SECONDS).toBe(DEFAULT_MERGE_WINDOW_SECONDS);
    const memory = new InMemoryMemory(embedder, DEFAULT_RETRIEVAL);
    const [first] = await memory.write([observation("Otto is hammering a blade.", 100)]);
    const [repeat] = await memory.write([observation("otto is  hammering a blade", 700, 6)]);
    const [later] = await memory.write([observation("Otto is hammering a blade.", 100 + MERGE_WINDOW_SECONDS + 1)]);

    expect(repeat!.id).toBe(first!.id);
    expect(later!.id).not.toBe(first!.id);
    expect(memory.find(first!.id)).toMatchObject({ mergeCount: 2, gameTime: 100, lastAccessedGameTime: 700, importance: 6 });
    expect(memory.of("mara")).toHaveLength(2);
  });

  it("recalls what the question is about first, and marks what it recalled as accessed", async () => {
    const memory = new InMemoryMemory(embedder, DEFAULT_RETRIEVAL);
    await memory.write([
      observation("The bakery oven broke and smoke filled the kitchen.", 1 * HOUR, 4),
      observation("Otto sold fresh fish at the market.", 2 * HOUR, 8),
      observation("It rained all afternoon in the square.", 3 * HOUR, 2),
    ]);

    const [top] = await memory.retrieve("mara", "What happened to the oven in the bakery?", 5 * HOUR, 1);

    expect(top!.content).toBe("The bakery oven broke and smoke filled the kitchen.");
    expect(memory.find(top!.id)).toMatchObject({ lastAccessedGameTime: 5 * HOUR, accessCount: 1 });
    expect(await memory.retrieve("otto", "oven", 5 * HOUR, 5)).toEqual([]);
  });

  it("without a query embedding (the embedder is down) still recalls, by importance and recency", async () => {
    const failing: EmbeddingProvider = { model: embedder.model, dimensions: embedder.dimensions, embed: async () => Promise.reject(new Error("embedder down")) };
    const memory = new InMemoryMemory(failing, DEFAULT_RETRIEVAL);
    await memory.write([observation("A quiet morning.", 1 * HOUR, 1), observation("The mill burned down!", 1 * HOUR, 9)]);

    expect((await memory.retrieve("mara", "anything", 2 * HOUR, 1)).map((m) => m.content)).toEqual(["The mill burned down!"]);
  });

  it("lists recent memories newest first and old trivial observations oldest first, keeping those consolidation must not fold away", async () => {
    const kept = new Set<string>();
    const memory = new InMemoryMemory(embedder, { ...DEFAULT_RETRIEVAL, keeps: (_agent, id) => kept.has(id) });
    const stored = await memory.write([observation("A cat on the wall.", 1 * HOUR, 1), observation("A dog in the lane.", 2 * HOUR, 2), observation("The well ran dry.", 3 * HOUR, 8), observation("A cart went by.", 30 * HOUR, 1)]);
    kept.add(stored[1]!.id);

    expect((await memory.recent("mara", 2 * HOUR, 10)).map((m) => m.content)).toEqual(["A cart went by.", "The well ran dry.", "A dog in the lane."]);
    const trivial = await memory.trivialBefore("mara", 26 * HOUR, 3, 10);
    expect(trivial.map((m) => m.content)).toEqual(["A cat on the wall."]);

    await memory.consolidate("mara", trivial.map((m) => m.id), { agentId: "mara", type: "summary", content: "Animals about the village.", importance: 4, gameTime: 1 * HOUR });
    expect(memory.of("mara").map((m) => m.content)).toEqual(["A dog in the lane.", "The well ran dry.", "A cart went by.", "Animals about the village."]);
    await memory.rate([{ id: stored[2]!.id, importance: 10, emotionalRelevance: 0.9 }]);
    expect(memory.find(stored[2]!.id)).toMatchObject({ importance: 10, emotionalRelevance: 0.9 });
  });

  it("refuses what the database would refuse", async () => {
    const memory = new InMemoryMemory(embedder, DEFAULT_RETRIEVAL);
    await expect(memory.write([observation("Too important.", 0, 11)])).rejects.toThrow(/importance/);
    await expect(memory.write([observation("   ", 0)])).rejects.toThrow(/content/);
    expect(memory.of("mara")).toEqual([]);
  });
});
