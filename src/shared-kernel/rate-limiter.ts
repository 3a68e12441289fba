export interface RateLimitOptions {
  /** Sustained messages per second a client may send. */
  perSecond: number;
  /** Messages a client may send at once before the sustained rate applies. */
  burst: number;
  /** Refused messages within one second after which the client is disconnected. */
  disconnectAfterRefused: number;
}

export type RateDecision = "accept" | "refuse" | "disconnect";

/** Token bucket per client; `now` is passed in so the limiter is deterministic. */
export class RateLimiter {
  private tokens: number;
  private updatedAt: number;
  private refusedInWindow = 0;
  private windowStart: number;

  constructor(
    private readonly options: RateLimitOptions,
    now: number,
  ) {
    this.tokens = options.burst;
    this.updatedAt = now;
    this.windowStart = now;
  }

  take(now: number): RateDecision {
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.options.perSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return "accept";
    }
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.refusedInWindow = 0;
    }
    this.refusedInWindow += 1;
    return this.refusedInWindow > this.options.disconnectAfterRefused ? "disconnect" : "refuse";
  }
}
