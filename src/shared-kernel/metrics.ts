/** Label values of one series, e.g. `{ world: "heartwood" }`. */
export type MetricLabels = Record<string, string | number>;

/** A count that only goes up. */
export interface CounterMetric {
  inc(labels: MetricLabels, value?: number): void;
  inc(value?: number): void;
}

/** A distribution of observed values, such as durations in seconds. */
export interface HistogramMetric {
  observe(labels: MetricLabels, value: number): void;
  observe(value: number): void;
}

/** A value that goes up and down; a series is removed when what it measured is gone. */
export interface GaugeMetric {
  set(labels: MetricLabels, value: number): void;
  remove(labels: MetricLabels): void;
}

/**
 * What the rooms record. The server implements it with prom-client (src/http/metrics.ts); the rooms see only this,
 * so they do not depend on the HTTP layer.
 */
export interface Metrics {
  /** labels: world */
  tickDuration: HistogramMetric;
  /** labels: world */
  patchDuration: HistogramMetric;
  /** labels: world */
  clients: GaugeMetric;
  /** labels: world */
  agents: GaugeMetric;
  /** labels: type */
  messagesIn: CounterMetric;
  /** labels: type */
  messagesOut: CounterMetric;
  /** labels: reason */
  messagesRejected: CounterMetric;
  flushDuration: HistogramMetric;
  flushFailures: CounterMetric;
  /** labels: world */
  flushQueueDepth: GaugeMetric;
  /** labels: purpose, provider, status */
  llmCalls: CounterMetric;
  /** labels: direction, provider */
  llmTokens: CounterMetric;
  /** labels: provider */
  llmCost: CounterMetric;
  /** labels: purpose */
  llmLatency: HistogramMetric;
  /** labels: world, rule */
  policyViolations: CounterMetric;
  /** labels: world */
  replyFirstChunk: HistogramMetric;
}
