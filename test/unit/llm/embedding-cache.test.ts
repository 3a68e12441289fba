import { describe, expect, it } from "vitest";
import { sha256 } from "../../../src/hash.ts";
import { EmbeddingCache, withEmbeddingCache } from "../../../src/llm/embedding-cache.ts";
import type { EmbeddingProvider } from "../../../src/llm/task.ts";

/** An embedder that records what it was asked to embed. */
function recordingEmbedder(model = "m") {
  const calls: string[][] = [];
  const embedder: EmbeddingProvider = {
    model,
    dimensions: 2,
    async embed(texts) {
      calls.push([...texts]);
      return texts.map((text) => [text.length, 1]);
    },
  };
  return { embedder, calls };
}

describe("embedding cache", () => {
  it("keys by sha256 of model, newline, text", () => {
    expect(EmbeddingCache.key("text-embedding-3-small", "hello")).toBe(sha256("text-embedding-3-small\nhello"));
  });

  it("keeps models apart", () => {
    const cache = new EmbeddingCache(10);
    cache.set("a", "hello", [1, 2]);
    expect(cache.get("a", "hello")).toEqual([1, 2]);
    expect(cache.get("b", "hello")).toBeUndefined();
  });

  it("forgets the least recently used entry when full", () => {
    const cache = new EmbeddingCache(2);
    cache.set("m", "one", [1]);
    cache.set("m", "two", [2]);
    cache.get("m", "one");
    cache.set("m", "three", [3]);
    expect(cache.get("m", "two")).toBeUndefined();
    expect(cache.get("m", "one")).toEqual([1]);
    expect(cache.size).toBe(2);
  });

  it("hands out copies, so a caller cannot change what is cached", () => {
    const cache = new EmbeddingCache(2);
    cache.set("m", "one", [1]);
    (cache.get("m", "one") as number[])[0] = 99;
    expect(cache.get("m", "one")).toEqual([1]);
  });

  it("asks the inner embedder only for texts it has not seen, each once, and keeps the order", async () => {
    const { embedder, calls } = recordingEmbedder();
    const cached = withEmbeddingCache(embedder, new EmbeddingCache(100));
    expect(await cached.embed(["a", "bb", "a"])).toEqual([[1, 1], [2, 1], [1, 1]]);
    expect(await cached.embed(["ccc", "bb"])).toEqual([[3, 1], [2, 1]]);
    expect(calls).toEqual([["a", "bb"], ["ccc"]]);
    expect(cached.model).toBe("m");
    expect(cached.dimensions).toBe(2);
  });

  it("answers a batch larger than the cache", async () => {
    const { embedder } = recordingEmbedder();
    const cached = withEmbeddingCache(embedder, new EmbeddingCache(2));
    expect(await cached.embed(["a", "bb", "ccc", "dddd"])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1]]);
  });
});
