import { afterEach, describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../../src/llm/circuit-breaker.ts";
import { createOpenAiEmbedder, EmbeddingError, type OpenAiEmbedderOptions } from "../../../src/llm/openai-embedder.ts";
import { hang, rateLimited, serverError, startFakeOpenAiServer, type FakeOpenAiServer } from "../../support/fake-openai-server.ts";

const API_KEY = "sk-embed-test-key";

let server: FakeOpenAiServer;
let running: FakeOpenAiServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Vectors that name their text: "memory 17" becomes [17, 1, 0, 0]. */
const numberedVector = (text: string) => [Number(text.split(" ")[1]), 1, 0, 0];

async function embedderFor(overrides: Partial<OpenAiEmbedderOptions> = {}) {
  server = await startFakeOpenAiServer({ embeddingDimensions: 4, embedText: numberedVector });
  running = server;
  const waits: number[] = [];
  const embedder = createOpenAiEmbedder({
    apiKey: API_KEY,
    baseURL: server.baseURL,
    model: "nomic-embed-text",
    dimensions: 4,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...overrides,
  });
  return { embedder, waits };
}

const texts = (count: number) => Array.from({ length: count }, (_, index) => `memory ${index}`);

describe("openai embedder", () => {
  it("sends at most 96 texts per request and returns the vectors in input order", async () => {
    const { embedder } = await embedderFor();
    const vectors = await embedder.embed(texts(200));

    expect(server.embeddingRequests().map((request) => request.body.input.length)).toEqual([96, 96, 8]);
    expect(vectors).toHaveLength(200);
    expect(vectors.map((vector) => vector[0])).toEqual(texts(200).map((_, index) => index));
    // The SDK asks for base64 by default and decodes it; the vectors must come out as plain numbers.
    expect(server.embeddingRequests()[1]?.body).toMatchObject({ model: "nomic-embed-text", input: texts(192).slice(96), encoding_format: "base64" });
    expect(Array.isArray(vectors[0])).toBe(true);
  });

  it("reports its model and size, and sends the key in the Authorization header", async () => {
    const { embedder } = await embedderFor();
    await embedder.embed(["memory 1"]);
    expect(embedder).toMatchObject({ model: "nomic-embed-text", dimensions: 4 });
    expect(server.embeddingRequests()[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("asks text-embedding-3 models for the configured size, and knows their native size", async () => {
    const { embedder } = await embedderFor({ model: "text-embedding-3-small" });
    await embedder.embed(["memory 1"]);
    expect(server.embeddingRequests()[0]?.body.dimensions).toBe(4);
    expect(createOpenAiEmbedder({ apiKey: "k", model: "text-embedding-3-large" }).dimensions).toBe(3072);
  });

  it("retries a 429 as the server asks, then succeeds", async () => {
    const { embedder, waits } = await embedderFor();
    server.scriptEmbeddings(rateLimited({ "retry-after": "1" }));
    expect(await embedder.embed(["memory 5"])).toEqual([[5, 1, 0, 0]]);
    expect(waits).toEqual([1_000]);
  });

  it("fails with an EmbeddingError after the retries, never with made-up vectors", async () => {
    const { embedder } = await embedderFor({ maxAttempts: 2 });
    server.scriptEmbeddings(serverError(), serverError());
    const failure = await embedder.embed(["memory 1"]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EmbeddingError);
    expect(failure).toMatchObject({ kind: "server", attempts: 2 });
    expect(server.embeddingRequests()).toHaveLength(2);
  });

  it("times out a hung request", async () => {
    const { embedder } = await embedderFor({ maxAttempts: 1, timeoutMs: 200 });
    server.scriptEmbeddings(hang());
    await expect(embedder.embed(["memory 1"])).rejects.toMatchObject({ kind: "timeout" });
  });

  it("refuses vectors of the wrong size instead of storing them", async () => {
    const { embedder } = await embedderFor({ dimensions: 8 });
    await expect(embedder.embed(["memory 1"])).rejects.toMatchObject({ kind: "mismatch", message: expect.stringMatching(/EMBEDDING_DIMENSIONS/) });
  });

  it("stops calling the endpoint while its breaker is open", async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    const { embedder } = await embedderFor({ maxAttempts: 1, breaker });
    server.scriptEmbeddings(serverError());
    await expect(embedder.embed(["memory 1"])).rejects.toMatchObject({ kind: "server" });
    await expect(embedder.embed(["memory 1"])).rejects.toMatchObject({ kind: "rejected" });
    expect(server.embeddingRequests()).toHaveLength(1);
  });

  it("needs to be told the size of an unknown model", () => {
    expect(() => createOpenAiEmbedder({ apiKey: "k", model: "nomic-embed-text" })).toThrow(/EMBEDDING_DIMENSIONS/);
  });
});
