import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { createProviders } from "../../../src/llm/create-providers.ts";

const base = { LLM_MODEL: "gpt-4o-mini", EMBEDDING_MODEL: "text-embedding-3-small" };

describe("choosing providers from configuration", () => {
  it("runs the offline mind and the word-vector embedder without a key", () => {
    const providers = createProviders(base);
    expect(providers.mode).toBe("offline");
    expect(providers.llm.name).toBe("offline");
    expect(providers.embedder.model).toBe("wink-sg-100d-hash-1024");
    expect(providers.label).toMatch(/offline.*not a language model/);
  });

  it("uses the openai provider and embedder with a key, and the label never shows the key", () => {
    const providers = createProviders({ ...base, OPENAI_API_KEY: "sk-secret-123", OPENAI_BASE_URL: "http://user:pw@127.0.0.1:11434/v1" });
    expect(providers.mode).toBe("openai");
    expect(providers.llm.name).toBe("openai");
    expect(providers.llm.model).toBe("gpt-4o-mini");
    expect(providers.embedder).toMatchObject({ model: "text-embedding-3-small", dimensions: 1536 });
    expect(providers.label).not.toContain("sk-secret-123");
    expect(providers.label).not.toContain("pw");
    expect(providers.label).toContain("127.0.0.1:11434");
  });

  it("counting mode: offline answers with token counts, word-vector embedder", () => {
    const providers = createProviders({ ...base, OPENAI_API_KEY: "sk-x", LLM_MODE: "counting" });
    expect(providers.llm.name).toBe("counting");
    expect(providers.llm.model).toBe("gpt-4o-mini");
    expect(providers.embedder.model).toBe("wink-sg-100d-hash-1024");
  });

  it("keeps the hashing embedder when OFFLINE_EMBEDDER asks for it", () => {
    const providers = createProviders({ ...base, OFFLINE_EMBEDDER: "local-hash-1024" });
    expect(providers.embedder).toMatchObject({ model: "local-hash-1024", dimensions: 1024 });
    expect(providers.label).toMatch(/local-hash-1024 embeddings/);
  });

  it("reads OFFLINE_EMBEDDER from the environment, word vectors by default, and names the choices when it is wrong", () => {
    expect(loadConfig({}).OFFLINE_EMBEDDER).toBe("wink-sg-100d-hash-1024");
    expect(loadConfig({ OFFLINE_EMBEDDER: "local-hash-256" }).OFFLINE_EMBEDDER).toBe("local-hash-256");
    expect(() => loadConfig({ OFFLINE_EMBEDDER: "glove" })).toThrow(/OFFLINE_EMBEDDER: .*"wink-sg-100d-hash-1024"\|"local-hash-1024"/);
  });

  it("offline mode wins over a key", () => {
    expect(createProviders({ ...base, OPENAI_API_KEY: "sk-x", LLM_MODE: "offline" }).llm.name).toBe("offline");
  });

  it("openai mode works keyless against a local server, and explains itself when it has neither", () => {
    expect(createProviders({ ...base, LLM_MODE: "openai", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", EMBEDDING_MODEL: "nomic-embed-text", EMBEDDING_DIMENSIONS: 768 }).llm.name).toBe("openai");
    expect(() => createProviders({ ...base, LLM_MODE: "openai" })).toThrow(/OPENAI_API_KEY/);
  });

  it("asks for EMBEDDING_DIMENSIONS when the embedding model's size is unknown", () => {
    expect(() => createProviders({ ...base, OPENAI_API_KEY: "sk-x", EMBEDDING_MODEL: "nomic-embed-text" })).toThrow(/EMBEDDING_DIMENSIONS/);
  });
});
