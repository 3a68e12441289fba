/**
 * Counts failed logins per (username, client address) in a sliding window. Keyed on both so that an
 * attacker cannot lock a victim out from another address; the price is that a distributed guesser
 * gets the limit once per address. In memory and per process: with several processes each one
 * counts on its own. The map is bounded: past `maxKeys` the entries whose window has passed go
 * first, then the least recently failed ones.
 */
export interface LoginThrottleOptions {
  /** Failed attempts allowed per window; the next one is refused. Default 10. */
  maxFailures?: number;
  /** Window length in ms. Default 5 minutes. */
  windowMs?: number;
  /** Most keys tracked at once. Default 10,000. */
  maxKeys?: number;
  /** Clock in ms since the epoch. Default Date.now. */
  now?: () => number;
}

export interface LoginThrottle {
  /** Whole seconds until `key` may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number;
  recordFailure(key: string): void;
  /** A successful login forgets earlier failures. */
  reset(key: string): void;
  /** Keys currently tracked (for tests and metrics). */
  size(): number;
}

export const LOGIN_THROTTLE_DEFAULTS = { maxFailures: 10, windowMs: 5 * 60_000, maxKeys: 10_000 } as const;

export function throttleKey(username: string, address: string): string {
  return `${username}\u0000${address}`;
}

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? LOGIN_THROTTLE_DEFAULTS.maxFailures;
  const windowMs = options.windowMs ?? LOGIN_THROTTLE_DEFAULTS.windowMs;
  const maxKeys = options.maxKeys ?? LOGIN_THROTTLE_DEFAULTS.maxKeys;
  const now = options.now ?? Date.now;
  // Failure times per key, oldest first, at most maxFailures of them. Map order = least recently failed first.
  const failures = new Map<string, number[]>();

  function recent(key: string, at: number): number[] {
    const times = failures.get(key);
    if (!times) return [];
    const live = times.filter((time) => time > at - windowMs);
    if (live.length === 0) failures.delete(key);
    else if (live.length !== times.length) failures.set(key, live);
    return live;
  }

  function makeRoom(at: number): void {
    if (failures.size < maxKeys) return;
    for (const [key, times] of failures) {
      if (times[times.length - 1]! <= at - windowMs) failures.delete(key);
    }
    for (const key of failures.keys()) {
      if (failures.size < maxKeys) break;
      failures.delete(key);
    }
  }

  return {
    retryAfterSeconds(key) {
      const at = now();
      const times = recent(key, at);
      if (times.length < maxFailures) return 0;
      // Allowed again once the oldest failure that still counts leaves the window.
      const oldest = times[times.length - maxFailures]!;
      return Math.max(1, Math.ceil((oldest + windowMs - at) / 1000));
    },
    recordFailure(key) {
      const at = now();
      const times = recent(key, at);
      failures.delete(key);
      makeRoom(at);
      failures.set(key, [...times, at].slice(-maxFailures));
    },
    reset(key) {
      failures.delete(key);
    },
    size: () => failures.size,
  };
}
