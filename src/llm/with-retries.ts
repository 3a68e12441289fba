import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.ts";
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RETRY_AFTER_MS } from "./constants.ts";
import { classifyFailure, type LlmFailure } from "./llm-failure.ts";
import type { Sleep } from "./sleep.ts";

export interface RetryPolicy {
  /** Requests per call, the first included. */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** A server asking for a longer pause than this gets this pause: agents should not wait minutes. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: DEFAULT_MAX_ATTEMPTS, backoff: DEFAULT_BACKOFF, maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS };

export interface RetryEnvironment {
  sleep: Sleep;
  random: () => number;
  now: () => number;
  /** The caller's signal: once aborted, no further attempt starts and its reason is thrown. */
  signal?: AbortSignal | undefined;
  /** Consulted before each retry, e.g. a stream that already showed text to a player must not start over. */
  mayRetry?: () => boolean;
  onRetry?: (failure: LlmFailure, attempt: number, delayMs: number) => void;
}

export type RetryOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; failure: LlmFailure; attempts: number };

/** The wait before the next attempt: what the server asked for (capped), else jittered exponential backoff. */
export function retryDelayMs(failure: LlmFailure, retry: number, policy: RetryPolicy, random: () => number): number {
  if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, policy.maxRetryAfterMs);
  return backoffDelayMs(retry, random, policy.backoff);
}

/** Runs `attempt` until it succeeds, fails in a way not worth retrying, or attempts run out. Never throws, except the caller's abort. */
export async function withRetries<T>(attempt: (attemptNumber: number) => Promise<T>, policy: RetryPolicy, env: RetryEnvironment): Promise<RetryOutcome<T>> {
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    env.signal?.throwIfAborted();
    try {
      return { ok: true, value: await attempt(attemptNumber), attempts: attemptNumber };
    } catch (error) {
      env.signal?.throwIfAborted();
      const failure = classifyFailure(error, env.now());
      const canRetry = failure.retryable && attemptNumber < maxAttempts && (env.mayRetry?.() ?? true);
      if (!canRetry) return { ok: false, failure, attempts: attemptNumber };
      const delayMs = retryDelayMs(failure, attemptNumber, policy, env.random);
      env.onRetry?.(failure, attemptNumber, delayMs);
      await env.sleep(delayMs, env.signal);
    }
  }
}
