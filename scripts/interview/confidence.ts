// Two-sided 95% Student t critical values by degrees of freedom (1..30); above 30 the normal 1.96 is close enough.
const T_95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export interface Interval {
  mean: number;
  /** Lower and upper end of the 95% interval (equal to the mean with fewer than two samples). */
  low: number;
  high: number;
  n: number;
}

/** Mean of the samples with a 95% Student t confidence interval (the samples: one per agent per seed). */
export function tInterval(samples: readonly number[]): Interval {
  const n = samples.length;
  if (n === 0) return { mean: 0, low: 0, high: 0, n };
  const mean = samples.reduce((sum, value) => sum + value, 0) / n;
  if (n < 2) return { mean, low: mean, high: mean, n };
  const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const half = (T_95[n - 2] ?? 1.96) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}
