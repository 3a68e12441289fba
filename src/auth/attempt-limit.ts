/**
 * Counts attempts per key (a client address, or a username and address) in a sliding window; past
 * `max` of them the key waits until the oldest leaves the window. In memory and per process: with
 * several processes each one counts on its own. The map is bounded: past `maxKeys` the entries whose
 * window has passed go first, then the least recently counted ones.
 */
export interface AttemptLimitOptions {
  /** Attempts allowed per window; the next one is refused. */
  max: number;
  /** Window length in ms. */
  windowMs: number;
  /** Most keys tracked at once. Default 10,000. */
  maxKeys?: number;
  /** Clock in ms since the epoch. Default Date.now. */
  now?: () => number;
}

export interface AttemptLimit {
  /** Whole seconds until `key` may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number;
  record(key: string): void;
  /** Takes back the latest attempt of `key` (one that turned out not to count, such as a successful login). */
  forgetLatest(key: string): void;
  /** Forgets every attempt of `key`. */
  reset(key: string): void;
  /** Keys currently tracked (for tests and metrics). */
  size(): number;
}

export function createAttemptLimit(options: AttemptLimitOptions): AttemptLimit {
  const { max, windowMs } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  // Attempt times per key, oldest first, at most `max` of them. Map order = least recently counted first.
  const attempts = new Map<string, number[]>();

  function recent(key: string, at: number): number[] {
    const times = attempts.get(key);
    if (!times) return [];
    const live = times.filter((time) => time > at - windowMs);
    if (live.length === 0) attempts.delete(key);
    else if (live.length !== times.length) attempts.set(key, live);
    return live;
  }

  function makeRoom(at: number): void {
    if (attempts.size < maxKeys) return;
    for (const [key, times] of attempts) {
      if (times[times.length - 1]! <= at - windowMs) attempts.delete(key);
    }
    for (const key of attempts.keys()) {
      if (attempts.size < maxKeys) break;
      attempts.delete(key);
    }
  }

  return {
    retryAfterSeconds(key) {
      const at = now();
      const times = recent(key, at);
      if (times.length < max) return 0;
      // Allowed again once the oldest attempt that still counts leaves the window.
      const oldest = times[times.length - max]!;
      return Math.max(1, Math.ceil((oldest + windowMs - at) / 1000));
    },
    record(key) {
      const at = now();
      const times = recent(key, at);
      attempts.delete(key);
      makeRoom(at);
      attempts.set(key, [...times, at].slice(-max));
    },
    forgetLatest(key) {
      const times = attempts.get(key);
      if (times && times.length > 1) attempts.set(key, times.slice(0, -1));
      else attempts.delete(key);
    },
    reset(key) {
      attempts.delete(key);
    },
    size: () => attempts.size,
  };
}
