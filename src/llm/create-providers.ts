import type { Logger } from "pino";
import { CircuitBreaker } from "./circuit-breaker.ts";
import { createCountingProvider } from "./counting-provider.ts";
import { EmbeddingCache, withEmbeddingCache } from "./embedding-cache.ts";
import { createOfflineEmbedder, type OfflineEmbedderName } from "./offline-embedder.ts";
import { createOfflineProvider } from "./offline-provider.ts";
import { displayBaseUrl } from "./openai-client.ts";
import { createOpenAiEmbedder } from "./openai-embedder.ts";
import { createOpenAiProvider } from "./openai-provider.ts";
import type { Sleep } from "./sleep.ts";
import type { EmbeddingProvider, LlmProvider } from "./task.ts";

export type LlmMode = "auto" | "openai" | "offline" | "counting";

/** The LLM part of the configuration, named as the environment variables are. */
export interface ProviderSettings {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  LLM_MODEL: string;
  EMBEDDING_MODEL: string;
  /** Required for embedding models other than OpenAI's. */
  EMBEDDING_DIMENSIONS?: number | undefined;
  /** auto: openai with a key, offline without. */
  LLM_MODE?: LlmMode | undefined;
  LLM_TIMEOUT_MS?: number | undefined;
  LLM_MAX_ATTEMPTS?: number | undefined;
  LLM_BREAKER_FAILURES?: number | undefined;
  LLM_BREAKER_COOLDOWN_MS?: number | undefined;
  EMBEDDING_CACHE_SIZE?: number | undefined;
  /** The embedder of the offline and counting modes (default wink-sg-100d-hash-1024). */
  OFFLINE_EMBEDDER?: OfflineEmbedderName | undefined;
}

export interface ProviderDependencies {
  logger?: Logger;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
}

export interface Providers {
  llm: LlmProvider;
  embedder: EmbeddingProvider;
  /** Which mind the agents have, for logs and /health; never contains the key. */
  label: string;
  mode: Exclude<LlmMode, "auto">;
}

/** Local servers (Ollama, llama.cpp) ignore the key, but the SDK insists on one. */
const KEY_FOR_LOCAL_SERVERS = "not-needed";

export function createProviders(settings: ProviderSettings, deps: ProviderDependencies = {}): Providers {
  const mode = resolveMode(settings);
  if (mode === "offline") {
    const embedder = createOfflineEmbedder(settings.OFFLINE_EMBEDDER, deps.logger);
    return { llm: createOfflineProvider(), embedder, label: `offline rule-based mind (not a language model), ${embedder.model} embeddings`, mode };
  }
  if (mode === "counting") {
    const embedder = createOfflineEmbedder(settings.OFFLINE_EMBEDDER, deps.logger);
    return {
      llm: createCountingProvider({ model: settings.LLM_MODEL }),
      embedder,
      label: `counting: offline rule-based answers, tokens and cost estimated for ${settings.LLM_MODEL}, ${embedder.model} embeddings`,
      mode,
    };
  }
  const apiKey = settings.OPENAI_API_KEY ?? KEY_FOR_LOCAL_SERVERS;
  const endpoint = { apiKey, baseURL: settings.OPENAI_BASE_URL, ...deps };
  const retries = {
    ...(settings.LLM_TIMEOUT_MS === undefined ? {} : { timeoutMs: settings.LLM_TIMEOUT_MS }),
    ...(settings.LLM_MAX_ATTEMPTS === undefined ? {} : { maxAttempts: settings.LLM_MAX_ATTEMPTS }),
  };
  // Separate breakers: a missing embedding model must not silence conversation, nor the reverse.
  const breakerOptions = {
    ...(settings.LLM_BREAKER_FAILURES === undefined ? {} : { failureThreshold: settings.LLM_BREAKER_FAILURES }),
    ...(settings.LLM_BREAKER_COOLDOWN_MS === undefined ? {} : { cooldownMs: settings.LLM_BREAKER_COOLDOWN_MS }),
    ...(deps.now ? { now: deps.now } : {}),
  };
  const llm = createOpenAiProvider({ ...endpoint, ...retries, model: settings.LLM_MODEL, breaker: breakerOptions });
  const embedder = createOpenAiEmbedder({ ...endpoint, ...retries, model: settings.EMBEDDING_MODEL, dimensions: settings.EMBEDDING_DIMENSIONS, breaker: new CircuitBreaker(breakerOptions) });
  return {
    llm,
    embedder: withEmbeddingCache(embedder, new EmbeddingCache(settings.EMBEDDING_CACHE_SIZE)),
    label: `openai-compatible ${settings.LLM_MODEL} at ${displayBaseUrl(settings.OPENAI_BASE_URL)}, embeddings ${settings.EMBEDDING_MODEL}`,
    mode,
  };
}

function resolveMode(settings: ProviderSettings): Exclude<LlmMode, "auto"> {
  const mode = settings.LLM_MODE ?? "auto";
  if (mode === "auto") return settings.OPENAI_API_KEY ? "openai" : "offline";
  if (mode === "openai" && !settings.OPENAI_API_KEY && !settings.OPENAI_BASE_URL) {
    throw new Error("LLM_MODE=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such as Ollama); unset LLM_MODE to run the offline mind");
  }
  return mode;
}
