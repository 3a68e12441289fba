import { describe, expect, it } from "vitest";
import { embeddingIndexName } from "../../../db/repositories/memory-embedding-index.ts";
import { toVectorLiteral, validateEmbedding, validateModelName } from "../../../db/repositories/memory-embedding-validation.ts";
import { MemoryInputError } from "../../../db/repositories/memory-records.ts";

describe("embedding validation", () => {
  it("accepts a finite, non-zero vector of the right length", () => {
    expect(() => validateEmbedding([0.1, -0.2, 0.3], 3, "memory 1")).not.toThrow();
    expect(toVectorLiteral([0.1, -0.2, 3e-7])).toBe("[0.1,-0.2,3e-7]");
  });

  it.each([
    [[0, 0, 0], 3, /memory 1: embedding is a zero vector, which has no direction; leave the embedding unset \(NULL\)/],
    [[1e-20, 0, 0], 3, /zero vector/],
    [[0.1, Number.NaN, 0.3], 3, /memory 1: embedding\[1\] is NaN; every component must be a finite number/],
    [[0.1, 0.2, Number.POSITIVE_INFINITY], 3, /embedding\[2\] is Infinity/],
    [[0.1, 0.2], 3, /memory 1: embedding has 2 dimensions, expected 3; was it made by another model\?/],
  ])("rejects %j (dimension %i) with a clear message", (vector, dimensions, message) => {
    expect(() => validateEmbedding(vector, dimensions, "memory 1")).toThrow(MemoryInputError);
    expect(() => validateEmbedding(vector, dimensions, "memory 1")).toThrow(message);
  });

  it("allows real model names and refuses anything that could break out of a DDL literal", () => {
    for (const name of ["local-hash-256", "text-embedding-3-small", "nomic-embed-text:v1.5", "BAAI/bge-m3"]) expect(validateModelName(name)).toBe(name);
    for (const name of ["", "x'; DROP TABLE agent_memories; --", "has space", "quote\"", "back\\slash", "a".repeat(101)]) {
      expect(() => validateModelName(name)).toThrow(/is not allowed: use 1-100 characters from letters, digits and \. _ : \/ -/);
    }
  });
});

describe("embedding index names", () => {
  it("matches the index migration 001 created for the offline embedder", () => {
    expect(embeddingIndexName("local-hash-256", 256)).toBe("agent_memories_embedding_local_hash_256");
  });

  it("adds the dimension when the model name does not end with it", () => {
    expect(embeddingIndexName("text-embedding-3-small", 1536)).toBe("agent_memories_embedding_text_embedding_3_small_1536");
    expect(embeddingIndexName("text-embedding-3-small", 512)).toBe("agent_memories_embedding_text_embedding_3_small_512");
  });

  it("keeps long names within Postgres's 63 bytes and distinct by a hash", () => {
    const a = embeddingIndexName(`${"very-long-model-name-".repeat(4)}a`, 768);
    const b = embeddingIndexName(`${"very-long-model-name-".repeat(4)}b`, 768);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).toMatch(/^agent_memories_embedding_[a-z0-9_]+_[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });
});
