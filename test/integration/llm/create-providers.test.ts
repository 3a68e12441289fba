import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProviders } from "../../../src/llm/create-providers.ts";
import { answer, startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fake-openai-server.ts";
import { reactionTask, scene } from "./llm-test-tasks.ts";

let server: FakeOpenAiServer;
beforeEach(async () => {
  server = await startFakeOpenAiServer({ embeddingDimensions: 16 });
});
afterEach(async () => {
  await server.close();
});

describe("providers built from configuration, against an OpenAI-compatible server", () => {
  it("answers through the configured model and embeds each distinct text once", async () => {
    const { llm, embedder, mode } = createProviders({
      OPENAI_API_KEY: "sk-config-test",
      OPENAI_BASE_URL: server.baseURL,
      LLM_MODEL: "llama3.1:8b",
      EMBEDDING_MODEL: "nomic-embed-text",
      EMBEDDING_DIMENSIONS: 16,
      LLM_TIMEOUT_MS: 2_000,
    });
    expect(mode).toBe("openai");
    server.script(answer({ emotion: "wary", line: "Who sent you?" }));
    const result = await llm.run(reactionTask, scene);
    expect(result).toMatchObject({ status: "ok", value: { emotion: "wary" } });
    expect(result.usage.costUsd).toBe(0);
    expect(server.chatRequests()[0]?.body.model).toBe("llama3.1:8b");

    const first = await embedder.embed(["the forge is hot", "rain at dusk"]);
    const again = await embedder.embed(["rain at dusk", "the forge is hot"]);
    expect(again).toEqual([first[1], first[0]]);
    expect(server.embeddingRequests()).toHaveLength(1);
  });
});
