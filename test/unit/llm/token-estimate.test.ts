import { describe, expect, it } from "vitest";
import { estimatePromptTokens, estimateTextTokens, TOKENS_PER_MESSAGE, TOKENS_PER_REPLY } from "../../../src/llm/token-estimate.ts";

describe("token estimate (about 4 characters per token)", () => {
  it("counts a quarter of the characters, rounded up", () => {
    expect(estimateTextTokens("")).toBe(0);
    expect(estimateTextTokens("abcd")).toBe(1);
    expect(estimateTextTokens("abcde")).toBe(2);
    expect(estimateTextTokens("The blacksmith hammers the glowing iron.")).toBe(10);
  });

  it("adds the chat formatting overhead per message and for the reply", () => {
    const messages = [
      { role: "system" as const, content: "abcd".repeat(10) },
      { role: "user" as const, content: "abcd" },
    ];
    expect(estimatePromptTokens(messages)).toBe(TOKENS_PER_REPLY + 2 * TOKENS_PER_MESSAGE + 10 + 1);
    expect(estimatePromptTokens([])).toBe(0);
  });
});
