import type { OpenAI } from "openai";
import { pino, type Logger } from "pino";
import { startAttemptDeadline } from "./attempt-deadline.ts";
import type { BackoffOptions } from "./backoff.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";
import { DEFAULT_EMBEDDING_TIMEOUT_MS, MAX_EMBEDDING_BATCH } from "./constants.ts";
import { countsAgainstEndpoint, type LlmFailure } from "./llm-failure.ts";
import { createOpenAiClient, redactSecret } from "./openai-client.ts";
import { sleep as realSleep, type Sleep } from "./sleep.ts";
import type { EmbeddingProvider } from "./task.ts";
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from "./with-retries.ts";


/** Native sizes of OpenAI's embedding models; other models (Ollama's nomic-embed-text, ...) must be told. */
const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

export interface OpenAiEmbedderOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  /** Required for models not in KNOWN_DIMENSIONS; text-embedding-3 models are shortened to it by the API. */
  dimensions?: number | undefined;
  batchSize?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  backoff?: BackoffOptions;
  maxRetryAfterMs?: number;
  /** When given and open, embed() fails at once instead of calling the endpoint. */
  breaker?: CircuitBreaker;
  logger?: Logger;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
}

/** No vector rather than a wrong one: a caller stores the text without embedding and embeds it later. */
export class EmbeddingError extends Error {
  constructor(
    message: string,
    readonly kind: LlmFailure["kind"] | "rejected" | "mismatch",
    readonly attempts: number,
  ) {
    super(message);
    this.name = "EmbeddingError";
  }
}

export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): EmbeddingProvider {
  const model = options.model;
  const dimensions = options.dimensions ?? KNOWN_DIMENSIONS[model];
  if (dimensions === undefined) {
    throw new Error(`embedding model "${model}" has no known size: set EMBEDDING_DIMENSIONS to the length of its vectors (e.g. 768 for nomic-embed-text)`);
  }
  const batchSize = Math.min(MAX_EMBEDDING_BATCH, Math.max(1, Math.floor(options.batchSize ?? MAX_EMBEDDING_BATCH)));
  const timeoutMs = options.timeoutMs ?? DEFAULT_EMBEDDING_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const logger = (options.logger ?? pino({ level: "silent" })).child({ provider: "openai", embeddingModel: model });
  const client = createOpenAiClient({ apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs });
  // Only text-embedding-3 models can shorten their vectors; other servers may reject the parameter.
  const requestDimensions = options.dimensions !== undefined && model.startsWith("text-embedding-3") ? options.dimensions : undefined;
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    backoff: options.backoff ?? DEFAULT_RETRY_POLICY.backoff,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
  };

  async function embedBatch(texts: readonly string[], signal: AbortSignal | undefined): Promise<number[][]> {
    if (options.breaker && !options.breaker.tryAcquire()) throw new EmbeddingError("circuit open: the embedding endpoint failed repeatedly", "rejected", 0);
    let outcome;
    try {
      outcome = await withRetries(() => requestEmbeddings(client, { model, input: [...texts], dimensions: requestDimensions }, timeoutMs, signal), policy, {
        sleep: options.sleep ?? realSleep,
        random: options.random ?? Math.random,
        now,
        signal,
        onRetry: (failure, attempt, delayMs) => logger.info({ kind: failure.kind, httpStatus: failure.httpStatus, attempt, delayMs }, "embedding request failed, retrying"),
      });
    } catch (abort) {
      options.breaker?.release();
      throw abort;
    }
    if (!outcome.ok) {
      if (countsAgainstEndpoint(outcome.failure)) options.breaker?.recordFailure();
      else options.breaker?.release();
      const message = redactSecret(`embedding failed after ${outcome.attempts} attempt(s): ${outcome.failure.kind}: ${outcome.failure.message}`, options.apiKey);
      logger.warn({ kind: outcome.failure.kind, httpStatus: outcome.failure.httpStatus, attempts: outcome.attempts, texts: texts.length, error: message }, "embedding failed");
      throw new EmbeddingError(message, outcome.failure.kind, outcome.attempts);
    }
    options.breaker?.recordSuccess();
    return checkedVectors(outcome.value, texts.length, dimensions as number, outcome.attempts);
  }

  return {
    model,
    dimensions,
    async embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize), signal)));
      }
      return vectors;
    },
  };
}

interface EmbeddingRequest {
  model: string;
  input: string[];
  dimensions: number | undefined;
}

async function requestEmbeddings(client: OpenAI, request: EmbeddingRequest, timeoutMs: number, signal: AbortSignal | undefined): Promise<number[][]> {
  const deadline = startAttemptDeadline(timeoutMs, signal);
  try {
    const body = { model: request.model, input: request.input, ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }) };
    const response = await client.embeddings.create(body, { signal: deadline.signal, timeout: timeoutMs });
    // The API tags each vector with its input's index; order by it rather than trusting the array order.
    return [...response.data].sort((a, b) => a.index - b.index).map((item) => Array.from(item.embedding));
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}

function checkedVectors(vectors: number[][], expected: number, dimensions: number, attempts: number): number[][] {
  if (vectors.length !== expected) throw new EmbeddingError(`the endpoint returned ${vectors.length} vectors for ${expected} texts`, "mismatch", attempts);
  for (const vector of vectors) {
    if (vector.length !== dimensions) {
      throw new EmbeddingError(`the endpoint returned vectors of length ${vector.length}, expected ${dimensions}: set EMBEDDING_DIMENSIONS to match the model`, "mismatch", attempts);
    }
  }
  return vectors;
}
