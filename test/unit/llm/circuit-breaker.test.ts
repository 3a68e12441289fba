import { describe, expect, it } from "vitest";
import { CircuitBreaker, type BreakerState } from "../../../src/llm/circuit-breaker.ts";

function breakerWithClock(failureThreshold = 3, cooldownMs = 1_000) {
  const clock = { now: 0 };
  const breaker = new CircuitBreaker({ failureThreshold, cooldownMs, now: () => clock.now });
  const transitions: string[] = [];
  breaker.onStateChange((state: BreakerState, previous: BreakerState) => transitions.push(`${previous}->${state}`));
  return { breaker, clock, transitions };
}

function fail(breaker: CircuitBreaker, times: number) {
  for (let index = 0; index < times; index += 1) {
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
  }
}

describe("circuit breaker", () => {
  it("stays closed below the threshold, and a success resets the count", () => {
    const { breaker } = breakerWithClock(3);
    fail(breaker, 2);
    breaker.recordSuccess();
    fail(breaker, 2);
    expect(breaker.state).toBe("closed");
    expect(breaker.consecutiveFailures).toBe(2);
  });

  it("opens after N consecutive failures and refuses calls during the cooldown", () => {
    const { breaker, clock, transitions } = breakerWithClock(3, 1_000);
    fail(breaker, 3);
    expect(breaker.state).toBe("open");
    expect(transitions).toEqual(["closed->open"]);
    clock.now = 999;
    expect(breaker.tryAcquire()).toBe(false);
  });

  it("after the cooldown lets exactly one probe through; its success closes the circuit", () => {
    const { breaker, clock, transitions } = breakerWithClock(3, 1_000);
    fail(breaker, 3);
    clock.now = 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe("half_open");
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe("closed");
    expect(breaker.tryAcquire()).toBe(true);
    expect(transitions).toEqual(["closed->open", "open->half_open", "half_open->closed"]);
  });

  it("a failed probe re-opens the circuit for a whole new cooldown", () => {
    const { breaker, clock } = breakerWithClock(3, 1_000);
    fail(breaker, 3);
    clock.now = 1_500;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
    clock.now = 2_400;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now = 2_500;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it("a probe the caller abandoned lets the next call probe instead", () => {
    const { breaker, clock } = breakerWithClock(1, 10);
    fail(breaker, 1);
    clock.now = 10;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe("half_open");
  });

  it("a late success from a call started before opening does not close an open circuit", () => {
    const { breaker } = breakerWithClock(2);
    fail(breaker, 2);
    breaker.recordSuccess();
    expect(breaker.state).toBe("open");
  });

  it("stops notifying a listener that unsubscribed", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, now: () => 0 });
    const seen: BreakerState[] = [];
    const stop = breaker.onStateChange((state) => seen.push(state));
    stop();
    fail(breaker, 1);
    expect(seen).toEqual([]);
  });

  it("rejects nonsense settings", () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
    expect(() => new CircuitBreaker({ cooldownMs: -1 })).toThrow(/cooldownMs/);
  });
});
