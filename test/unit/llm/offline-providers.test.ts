import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createCountingProvider } from "../../../src/llm/counting-provider.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import { costUsd } from "../../../src/llm/prices.ts";
import type { CognitiveTask, TextTask } from "../../../src/llm/task.ts";
import { estimatePromptTokens, estimateTextTokens } from "../../../src/llm/token-estimate.ts";
import { wordChunks } from "../../../src/llm/word-chunks.ts";

interface Villager {
  name: string;
  hour: number;
}

const planTask: CognitiveTask<Villager, { activity: string }> = {
  purpose: "plan_hour",
  schemaName: "hour_plan",
  schema: z.object({ activity: z.string() }),
  prompt: (villager) => [
    { role: "system", content: "You plan a villager's hour. Answer in JSON." },
    { role: "user", content: `${villager.name}, it is ${villager.hour}:00. What next?` },
  ],
  offline: (villager) => ({ activity: villager.hour < 12 ? "work at the forge" : "rest at the inn" }),
  maxTokens: 100,
};

const greetTask: TextTask<Villager> = {
  purpose: "reply",
  prompt: (villager) => [{ role: "user", content: `Greet ${villager.name}.` }],
  offline: (villager) => `Good day to you, ${villager.name}. Fine weather.`,
  maxTokens: 60,
};

describe("offline provider", () => {
  it("answers with the task's rule, free, labelled offline", async () => {
    const result = await createOfflineProvider().run(planTask, { name: "Elara", hour: 9 });
    expect(result).toMatchObject({ value: { activity: "work at the forge" }, status: "ok" });
    expect(result.usage).toMatchObject({ provider: "offline", model: "offline-rules", tokensIn: 0, tokensOut: 0, costUsd: 0 });
  });

  it("streams the offline text in word-sized chunks that add up to the whole", async () => {
    const chunks: string[] = [];
    const result = await createOfflineProvider().stream(greetTask, { name: "Tess", hour: 9 }, (chunk) => chunks.push(chunk));
    expect(chunks).toEqual(["Good ", "day ", "to ", "you, ", "Tess. ", "Fine ", "weather."]);
    expect(chunks.join("")).toBe(result.value);
    expect(result.status).toBe("ok");
  });
});

describe("counting provider", () => {
  it("answers offline but counts the tokens and cost the model would have used", async () => {
    const villager = { name: "Elara", hour: 15 };
    const result = await createCountingProvider({ model: "gpt-4o-mini" }).run(planTask, villager);
    const tokensIn = estimatePromptTokens(planTask.prompt(villager));
    const tokensOut = estimateTextTokens(JSON.stringify({ activity: "rest at the inn" }));
    expect(result.value).toEqual({ activity: "rest at the inn" });
    expect(result.usage).toMatchObject({ provider: "counting", model: "gpt-4o-mini", tokensIn, tokensOut });
    expect(result.usage.costUsd).toBeCloseTo(costUsd("gpt-4o-mini", tokensIn, tokensOut), 12);
    expect(result.usage.costUsd).toBeGreaterThan(0);
  });

  it("streams like the offline provider and counts the text", async () => {
    const chunks: string[] = [];
    const result = await createCountingProvider({ model: "llama3.1" }).stream(greetTask, { name: "Tess", hour: 9 }, (chunk) => chunks.push(chunk));
    expect(chunks.join("")).toBe("Good day to you, Tess. Fine weather.");
    expect(result.usage.tokensOut).toBe(estimateTextTokens(result.value));
    expect(result.usage.costUsd).toBe(0);
  });
});

describe("word chunks", () => {
  it("always join back to the exact text", () => {
    for (const text of ["", "one", "  leading and trailing  ", "line\nbreak\ttab"]) expect(wordChunks(text).join("")).toBe(text);
  });
});
