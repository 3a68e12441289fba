import { APIConnectionError, APIError } from "openai";
import { describe, expect, it } from "vitest";
import { AttemptTimeoutError, classifyFailure, countsAgainstEndpoint } from "../../../src/llm/llm-failure.ts";
import { DEFAULT_RETRY_POLICY, withRetries } from "../../../src/llm/with-retries.ts";

const httpError = (status: number, headers: Record<string, string> = {}) => APIError.generate(status, { message: `status ${status}` }, undefined, new Headers(headers));

/** An attempt that throws the given errors in turn, then answers "done". */
function scriptedAttempt(errors: unknown[]) {
  let calls = 0;
  const attempt = async () => {
    const error = errors[calls];
    calls += 1;
    if (error !== undefined) throw error;
    return "done";
  };
  return { attempt, calls: () => calls };
}

function environment() {
  const waits: number[] = [];
  return { waits, env: { sleep: async (ms: number) => void waits.push(ms), random: () => 0.5, now: () => 0 } };
}

describe("retry policy", () => {
  it("retries 429, 5xx, timeouts and connection errors up to maxAttempts", async () => {
    for (const error of [httpError(429), httpError(500), httpError(503), new AttemptTimeoutError(10), new APIConnectionError({ message: "refused" })]) {
      const { attempt, calls } = scriptedAttempt([error, error, error]);
      const { env, waits } = environment();
      const outcome = await withRetries(attempt, { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, env);
      expect(outcome.ok).toBe(false);
      expect(calls()).toBe(3);
      expect(waits).toHaveLength(2);
    }
  });

  it("succeeds on a later attempt and says how many it took", async () => {
    const { attempt } = scriptedAttempt([httpError(502)]);
    const { env } = environment();
    expect(await withRetries(attempt, DEFAULT_RETRY_POLICY, env)).toEqual({ ok: true, value: "done", attempts: 2 });
  });

  it("does not retry other 4xx", async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      const { attempt, calls } = scriptedAttempt([httpError(status)]);
      const outcome = await withRetries(attempt, DEFAULT_RETRY_POLICY, environment().env);
      expect(outcome).toMatchObject({ ok: false, attempts: 1, failure: { kind: "client", httpStatus: status } });
      expect(calls()).toBe(1);
    }
  });

  it("waits what retry-after asks, capped, and jittered backoff otherwise", async () => {
    const { attempt } = scriptedAttempt([httpError(429, { "retry-after": "2" }), httpError(429, { "retry-after": "600" }), httpError(500)]);
    const { env, waits } = environment();
    await withRetries(attempt, { ...DEFAULT_RETRY_POLICY, maxAttempts: 4, maxRetryAfterMs: 5_000 }, env);
    expect(waits).toEqual([2_000, 5_000, Math.floor(0.5 * DEFAULT_RETRY_POLICY.backoff.baseDelayMs * 4)]);
  });

  it("does not retry when the caller says it may not (e.g. text already shown)", async () => {
    const { attempt, calls } = scriptedAttempt([httpError(500)]);
    const outcome = await withRetries(attempt, DEFAULT_RETRY_POLICY, { ...environment().env, mayRetry: () => false });
    expect(outcome.ok).toBe(false);
    expect(calls()).toBe(1);
  });

  it("throws the caller's abort reason instead of retrying", async () => {
    const controller = new AbortController();
    const reason = new Error("job cancelled");
    const attempt = async () => {
      controller.abort(reason);
      throw httpError(500);
    };
    await expect(withRetries(attempt, DEFAULT_RETRY_POLICY, { ...environment().env, signal: controller.signal })).rejects.toBe(reason);
  });
});

describe("failure classification", () => {
  it("names the kind of failure and whether the endpoint is unwell", () => {
    expect(classifyFailure(new AttemptTimeoutError(200), 0)).toMatchObject({ kind: "timeout", retryable: true });
    expect(classifyFailure(new TypeError("bug"), 0)).toMatchObject({ kind: "unknown", retryable: false });
    expect(countsAgainstEndpoint(classifyFailure(httpError(401), 0))).toBe(true);
    expect(countsAgainstEndpoint(classifyFailure(httpError(400), 0))).toBe(false);
    expect(countsAgainstEndpoint(classifyFailure(httpError(503), 0))).toBe(true);
    expect(countsAgainstEndpoint(classifyFailure(new TypeError("bug"), 0))).toBe(false);
  });
});
