import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHashingEmbedder, hashingEmbedding, HASHING_DIMENSIONS, HASHING_MODEL, tokenize } from "../../../src/llm/hashing-embedder.ts";

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
const length = (vector: number[]) => Math.sqrt(cosine(vector, vector));

describe("local-hash-256 embedder", () => {
  it("is named local-hash-256 with 256 dimensions", async () => {
    const embedder = createHashingEmbedder();
    expect(embedder.model).toBe(HASHING_MODEL);
    expect(HASHING_MODEL).toBe("local-hash-256");
    expect(embedder.dimensions).toBe(256);
    const [vector] = await embedder.embed(["hello"]);
    expect(vector).toHaveLength(HASHING_DIMENSIONS);
  });

  it("gives the same vector for the same text, every time", async () => {
    const embedder = createHashingEmbedder();
    const texts = ["Elara forged a sword for the mayor", "the harvest festival is tomorrow"];
    expect(await embedder.embed(texts)).toEqual(await embedder.embed(texts));
    expect(hashingEmbedding(texts[0] as string)).toEqual(hashingEmbedding(texts[0] as string));
  });

  it("returns unit vectors, never a zero vector, for any text at all", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const vector = hashingEmbedding(text);
        return vector.length === 256 && vector.every(Number.isFinite) && Math.abs(length(vector) - 1) < 1e-9;
      }),
    );
    for (const text of ["", "   ", "!!! ???", "🙂"]) expect(length(hashingEmbedding(text))).toBeCloseTo(1, 9);
  });

  it("puts texts that share words closer together than unrelated texts", () => {
    const anchor = hashingEmbedding("The blacksmith repaired the broken sword at the forge");
    const similar = hashingEmbedding("a broken sword needs the blacksmith's forge");
    const unrelated = hashingEmbedding("children sang songs by the river at dawn");
    expect(cosine(anchor, similar)).toBeGreaterThan(cosine(anchor, unrelated) + 0.2);
  });

  it("ignores case, plural s and stop words", () => {
    expect(tokenize("The Apples and PEARS, glass")).toEqual(["apple", "pear", "glass"]);
    expect(hashingEmbedding("Apples")).toEqual(hashingEmbedding("apple"));
  });

  it("lets word order count a little through word pairs", () => {
    const a = hashingEmbedding("dog bites man");
    const b = hashingEmbedding("man bites dog");
    expect(cosine(a, b)).toBeLessThan(0.999);
    expect(cosine(a, b)).toBeGreaterThan(0.5);
  });
});
