import { describe, expect, it } from "vitest";
import { costUsd, isPriced, OPENAI_PRICES, priceOf } from "../../../src/llm/prices.ts";

describe("price table", () => {
  it("knows the common OpenAI models", () => {
    for (const model of ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1-nano", "text-embedding-3-small", "text-embedding-3-large"]) {
      expect(isPriced(model), model).toBe(true);
    }
  });

  it("prices per million tokens, input and output separately", () => {
    const price = OPENAI_PRICES["gpt-4o-mini"];
    expect(costUsd("gpt-4o-mini", 1_000_000, 0)).toBeCloseTo(price?.inputPerMillion ?? NaN, 12);
    expect(costUsd("gpt-4o-mini", 0, 1_000_000)).toBeCloseTo(price?.outputPerMillion ?? NaN, 12);
    expect(costUsd("gpt-4o-mini", 1_000, 500)).toBeCloseTo((1_000 * 0.15 + 500 * 0.6) / 1_000_000, 12);
  });

  it("prices dated snapshots like their family", () => {
    expect(priceOf("gpt-4o-mini-2024-07-18")).toEqual(priceOf("gpt-4o-mini"));
  });

  it("charges nothing for models it does not know, such as local ones", () => {
    expect(isPriced("llama3.1:8b")).toBe(false);
    expect(costUsd("llama3.1:8b", 10_000, 10_000)).toBe(0);
  });

  it("embedding models have no output price", () => {
    expect(priceOf("text-embedding-3-small")?.outputPerMillion).toBe(0);
  });
});
