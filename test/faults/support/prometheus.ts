/** Sums a Prometheus counter's samples whose labels include `labels`, from a /metrics text. */
export function counterSum(metrics: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of metrics.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

/** The smallest histogram bucket bound holding at least `quantile` of the samples (Prometheus' le buckets). */
export function histogramQuantileBound(metrics: string, name: string, quantile: number): number {
  const buckets = [...metrics.matchAll(new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} (\\d+)`, "gm"))].map((match) => ({ le: Number(match[1] === "+Inf" ? Infinity : match[1]), count: Number(match[2]) }));
  const total = Math.max(...buckets.map((bucket) => bucket.count), 0);
  return buckets.sort((a, b) => a.le - b.le).find((bucket) => bucket.count >= quantile * total)?.le ?? Infinity;
}
