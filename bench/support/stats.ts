export interface Distribution {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Percentiles by nearest rank (p99 of 1200 samples is the 12th largest), rounded to microseconds. */
export function distributionOf(samples: readonly number[]): Distribution {
  if (samples.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  let sum = 0;
  for (const value of sorted) sum += value;
  return { p50: round3(rank(50)), p95: round3(rank(95)), p99: round3(rank(99)), max: round3(sorted[sorted.length - 1]!), mean: round3(sum / sorted.length) };
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Time spent inside a function across calls, for the phase breakdown (one performance.now() pair per call). */
export class PhaseTimer {
  private started = 0;
  total = 0;

  start(): void {
    this.started = performance.now();
  }

  stop(): void {
    this.total += performance.now() - this.started;
  }

  /** Returns the time accumulated since the last take and starts a new period. */
  take(): number {
    const total = this.total;
    this.total = 0;
    return total;
  }
}
