import { RateLimiter } from "../src/shared-kernel/rate-limiter.ts";

const HOUR_MS = 3_600_000;

/**
 * New guest characters per client address: a token bucket of `perHour`, refilled over an hour.
 * An address unseen for an hour has a full bucket again, so its entry is forgotten then.
 */
export class GuestJoinLimit {
  private readonly limiters = new Map<string, { limiter: RateLimiter; seenAt: number }>();
  private sweptAt: number;

  constructor(
    readonly perHour: number,
    now: number,
  ) {
    this.sweptAt = now;
  }

  /** Takes one new guest for `address`; false when the address has used its hourly allowance. */
  admit(address: string, now: number): boolean {
    if (now - this.sweptAt > HOUR_MS) {
      for (const [key, entry] of this.limiters) if (now - entry.seenAt > HOUR_MS) this.limiters.delete(key);
      this.sweptAt = now;
    }
    let entry = this.limiters.get(address);
    if (!entry) {
      entry = { limiter: new RateLimiter({ perSecond: this.perHour / 3600, burst: this.perHour, disconnectAfterRefused: Number.MAX_SAFE_INTEGER }, now), seenAt: now };
      this.limiters.set(address, entry);
    }
    entry.seenAt = now;
    return entry.limiter.take(now) === "accept";
  }
}
