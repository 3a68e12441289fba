import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { retryAfterMs } from "./backoff.ts";

export type FailureKind = "timeout" | "rate_limit" | "server" | "connection" | "client" | "unknown";

/** One failed request, described for the retry policy, the breaker and the logs. */
export interface LlmFailure {
  kind: FailureKind;
  retryable: boolean;
  httpStatus?: number;
  /** What the server asked us to wait before the next attempt (uncapped). */
  retryAfterMs?: number;
  message: string;
}

/** Our own per-attempt deadline fired (the SDK's timeout only covers waiting for response headers). */
export class AttemptTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = "AttemptTimeoutError";
  }
}

/**
 * Retry 429, 5xx, timeouts and broken connections; never other 4xx (a bad request or a wrong key
 * fails the same way every time). Errors we do not recognise are not retried: they are more likely
 * bugs than weather.
 */
export function classifyFailure(error: unknown, nowMs: number): LlmFailure {
  if (error instanceof AttemptTimeoutError || error instanceof APIConnectionTimeoutError) {
    return { kind: "timeout", retryable: true, message: error.message };
  }
  if (error instanceof APIConnectionError) return { kind: "connection", retryable: true, message: error.message };
  if (error instanceof APIError) return classifyApiError(error, nowMs);
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "unknown", retryable: false, message };
}

function classifyApiError(error: APIError, nowMs: number): LlmFailure {
  const status = error.status;
  const retryAfter = retryAfterMs(error.headers, nowMs);
  const base = { message: error.message, ...(status === undefined ? {} : { httpStatus: status }), ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) };
  if (status === 429) return { kind: "rate_limit", retryable: true, ...base };
  // No status: an error event inside a stream, which the server sends for its own trouble.
  if (status === undefined || status >= 500) return { kind: "server", retryable: true, ...base };
  return { kind: "client", retryable: false, ...base };
}

export function callStatusOf(failure: LlmFailure): "timeout" | "error" {
  return failure.kind === "timeout" ? "timeout" : "error";
}

/**
 * Whether a failure says the endpoint is unwell, and so counts towards opening the circuit breaker:
 * overload, outage, timeouts, a wrong key or a missing model do; a request the server merely refused
 * (too long, malformed) or a bug of ours does not.
 */
export function countsAgainstEndpoint(failure: LlmFailure): boolean {
  if (failure.retryable) return true;
  return failure.httpStatus === 401 || failure.httpStatus === 403 || failure.httpStatus === 404;
}
