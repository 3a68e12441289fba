/**
 * The world server's own timings at the end of a run, from its Prometheus histograms: how long ticks,
 * patches and database flushes took. They tell whether round trips wait behind the room's work.
 */
import { metricsUrlOf } from "../loadtest/server-metrics.ts";

export interface HistogramSummary {
  count: number;
  meanMs: number;
  /** The upper bound of the bucket holding the 99th percentile (Prometheus buckets are coarse); null: above the largest bucket. */
  p99AtMostMs: number | null;
  largestBucketMs: number;
}

const HISTOGRAMS = { tick: "lw_tick_duration_seconds", patch: "lw_patch_duration_seconds", flush: "lw_flush_duration_seconds" } as const;

export async function roomHistograms(wsUrl: string): Promise<Record<keyof typeof HISTOGRAMS, HistogramSummary | null> | null> {
  try {
    const text = await (await fetch(metricsUrlOf(wsUrl), { signal: AbortSignal.timeout(5_000) })).text();
    return {
      tick: summarizeHistogram(text, HISTOGRAMS.tick),
      patch: summarizeHistogram(text, HISTOGRAMS.patch),
      flush: summarizeHistogram(text, HISTOGRAMS.flush),
    };
  } catch {
    return null;
  }
}

/** Sums a histogram over its label sets (one world here) and reads its mean and p99 bucket. */
export function summarizeHistogram(text: string, name: string): HistogramSummary | null {
  const lines = text.split("\n");
  const total = (suffix: string) => lines.filter((line) => line.startsWith(`${name}_${suffix}`)).reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
  const count = total("count");
  if (count === 0) return null;
  const buckets = new Map<number, number>();
  for (const line of lines) {
    const match = new RegExp(`^${name}_bucket\\{.*le="([^"]+)".*\\} ([0-9.eE+-]+)$`).exec(line);
    if (!match || match[1] === "+Inf") continue;
    const bound = Number(match[1]);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  const p99Bucket = [...buckets].sort(([a], [b]) => a - b).find(([, cumulative]) => cumulative >= 0.99 * count);
  return { count, meanMs: Math.round((total("sum") / count) * 1e5) / 100, p99AtMostMs: p99Bucket ? p99Bucket[0] * 1000 : null, largestBucketMs: Math.max(0, ...buckets.keys()) * 1000 };
}
