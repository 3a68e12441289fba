import type { PromMetrics } from "./metrics.ts";

/**
 * The tick duration under which 99% of a world's ticks finished since the server started, read from the
 * histogram's buckets: the upper bound of the first bucket holding the 99th percentile (null before any tick,
 * Infinity when it lies past the last bucket).
 */
export async function tickP99Seconds(metrics: PromMetrics, worldId: string): Promise<number | null> {
  const { values } = await metrics.tickDuration.get();
  const buckets = values
    .filter((value) => value.labels.world === worldId && value.metricName === "lw_tick_duration_seconds_bucket")
    .map((value) => {
      // Bucket rows carry the `le` label, which the histogram's own label type does not list.
      const le = (value.labels as Record<string, string | number | undefined>).le;
      return { le: le === "+Inf" ? Infinity : Number(le), count: value.value };
    })
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  return buckets.find((bucket) => bucket.count >= total * 0.99)!.le;
}

export async function connectedClients(metrics: PromMetrics, worldId: string): Promise<number> {
  const { values } = await metrics.clients.get();
  return values.find((value) => value.labels.world === worldId)?.value ?? 0;
}
