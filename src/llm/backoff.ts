import { DEFAULT_BACKOFF_BASE_DELAY_MS, DEFAULT_BACKOFF_MAX_DELAY_MS } from "./constants.ts";

export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  baseDelayMs: number;
  /** No retry waits longer than this, however many came before. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: DEFAULT_BACKOFF_BASE_DELAY_MS, maxDelayMs: DEFAULT_BACKOFF_MAX_DELAY_MS };

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base * 2^(retry-1))).
 * Full jitter spreads the retries of many agents that failed together, so they do not hit a
 * recovering server in lockstep. `retry` counts from 1; `random` returns values in [0, 1).
 */
export function backoffDelayMs(retry: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

interface HeaderReader {
  get(name: string): string | null;
}

/**
 * How long the server asked us to wait: `retry-after-ms` (OpenAI's, milliseconds) wins over the
 * standard `retry-after` (seconds, or an HTTP date). Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderReader | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
