/** Tunables of the model providers. Units are in the names; each line says why it has its value. The environment overrides some (see create-providers.ts). */

/** One request, streamed body included. Long enough for a 500-token answer from a slow local model; short enough that a stuck request frees its agent. */
export const DEFAULT_LLM_TIMEOUT_MS = 30_000;

/** One embedding request. Embedding 96 short texts takes well under a second on OpenAI; a local server on CPU needs more. */
export const DEFAULT_EMBEDDING_TIMEOUT_MS = 20_000;

/** Requests per call, the first included. Two retries ride out a blip; more would keep a waiting player waiting for an answer that is not coming. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Milliseconds. Ceiling of the first retry's jittered wait: enough to let a burst of 429s drain. */
export const DEFAULT_BACKOFF_BASE_DELAY_MS = 500;

/** Milliseconds. No jittered wait is longer: past this the offline answer serves the agent better. */
export const DEFAULT_BACKOFF_MAX_DELAY_MS = 8_000;

/** Milliseconds. A server asking for a longer pause gets this one: agents should not stand still for minutes. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;

/** Consecutive failed calls (each after its retries) that open the circuit: five is a pattern, not bad luck. */
export const DEFAULT_BREAKER_FAILURES = 5;

/** Milliseconds the circuit stays open. Long enough for an overloaded server to recover, short enough that agents are back on the model within a game hour. */
export const DEFAULT_BREAKER_COOLDOWN_MS = 30_000;

/** Invalid answers per call: the first gets one corrective retry; a second rarely turns valid on a third try. */
export const MAX_INVALID_ANSWERS = 2;

/** Texts per embedding request. OpenAI allows 2048, but small batches keep each request short and a retry cheap. */
export const MAX_EMBEDDING_BATCH = 96;

/** Vectors kept by the embedding cache. At 1536 dimensions a vector is about 12 KB, so about 25 MB at most; repeated texts (queries, names, recurring observations) are far fewer. */
export const DEFAULT_EMBEDDING_CACHE_SIZE = 2_000;
