import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHashingEmbedder, hashingEmbedding, HASHING_MODEL, tokenize, WORD_HASHING_256 } from "../../../src/llm/hashing-embedder.ts";

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
const length = (vector: number[]) => Math.sqrt(cosine(vector, vector));

describe("local-hash-1024 embedder", () => {
  it("is named local-hash-1024 with 1024 dimensions", async () => {
    const embedder = createHashingEmbedder();
    expect(embedder.model).toBe(HASHING_MODEL);
    expect(HASHING_MODEL).toBe("local-hash-1024");
    expect(embedder.dimensions).toBe(1024);
    const [vector] = await embedder.embed(["hello"]);
    expect(vector).toHaveLength(1024);
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
        return vector.length === 1024 && vector.every(Number.isFinite) && Math.abs(length(vector) - 1) < 1e-9;
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

  it("ignores case, plural s, stop words and the words that frame a question", () => {
    expect(tokenize("The Apples and PEARS, glass")).toEqual(["apple", "pear", "glass"]);
    expect(hashingEmbedding("Apples")).toEqual(hashingEmbedding("apple"));
    expect(tokenize("When is the caravan coming, and who will see it?")).toEqual(["caravan", "see"]);
  });

  it("answers a question by the word it shares with a memory, not by a question word", () => {
    const question = hashingEmbedding("Is a tax due soon?");
    const answer = hashingEmbedding("Heard from Ivy that the tax collector arrives on the first morning of next month.");
    const others = ["Silas and I are more alike than I thought.", "When is the market open?", "What happened to the path over the ridge?"];
    for (const other of others) expect(cosine(question, answer)).toBeGreaterThan(cosine(question, hashingEmbedding(other)));
  });

  it("lets word order count a little through word pairs", () => {
    const a = hashingEmbedding("dog bites man");
    const b = hashingEmbedding("man bites dog");
    expect(cosine(a, b)).toBeLessThan(0.999);
    expect(cosine(a, b)).toBeGreaterThan(0.5);
  });
});

describe("local-hash-256, the first hashing embedder", () => {
  it("still gives the vectors it stored, so a database it filled keeps recalling by similarity", async () => {
    const embedder = createHashingEmbedder(WORD_HASHING_256);
    expect(embedder).toMatchObject({ model: "local-hash-256", dimensions: 256 });
    const [vector] = await embedder.embed(["Rosa said the ferry to Millbrook leaves at dawn"]);
    const nonZero = vector!.flatMap((value, index) => (value !== 0 ? [[index, Math.round(value * 1e6) / 1e6]] : []));
    expect(nonZero).toEqual([
      [58, -0.185695], [61, -0.371391], [87, 0.185695], [99, -0.185695], [144, -0.371391], [154, 0.371391],
      [209, -0.371391], [217, 0.371391], [223, 0.185695], [242, 0.371391], [247, -0.185695],
    ]);
  });
});
