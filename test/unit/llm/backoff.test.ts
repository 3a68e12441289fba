import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelayMs, retryAfterMs } from "../../../src/llm/backoff.ts";
import { DEFAULT_RETRY_POLICY, retryDelayMs } from "../../../src/llm/with-retries.ts";

const headers = (values: Record<string, string>) => new Headers(values);

describe("backoff with full jitter", () => {
  it("stays within [0, min(max, base * 2^(retry-1))) for any retry and random value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, random) => {
        const options = { baseDelayMs: 500, maxDelayMs: 8_000 };
        const delay = backoffDelayMs(retry, () => random, options);
        const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
        return Number.isInteger(delay) && delay >= 0 && delay < ceiling;
      }),
    );
  });

  it("doubles its ceiling per retry until the maximum", () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1_000 };
    const almostOne = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, almostOne, options))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("uses the whole range: random 0 means no wait", () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0);
  });
});

describe("retry-after", () => {
  it("reads retry-after-ms first, then retry-after in seconds or as an HTTP date", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250", "retry-after": "9" }), 0)).toBe(250);
    expect(retryAfterMs(headers({ "retry-after": "2" }), 0)).toBe(2_000);
    expect(retryAfterMs(headers({ "retry-after": "0.5" }), 0)).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs(headers({ "retry-after": "Thu, 01 Jan 2026 00:00:03 GMT" }), now)).toBe(3_000);
  });

  it("ignores absent or unreadable values", () => {
    expect(retryAfterMs(undefined, 0)).toBeUndefined();
    expect(retryAfterMs(headers({}), 0)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "soon" }), 0)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after-ms": "-5" }), 0)).toBeUndefined();
  });

  it("is honoured over backoff, but capped", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetryAfterMs: 5_000 };
    const failure = { kind: "rate_limit" as const, retryable: true, message: "" };
    expect(retryDelayMs({ ...failure, retryAfterMs: 1_200 }, 1, policy, () => 0.5)).toBe(1_200);
    expect(retryDelayMs({ ...failure, retryAfterMs: 60_000 }, 1, policy, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(failure, 1, policy, () => 0.5)).toBe(250);
  });
});
