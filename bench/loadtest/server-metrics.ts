/**
 * Samples the server's own CPU time and resident memory from its Prometheus endpoint (GET /metrics,
 * prom-client's default process metrics, with or without a prefix such as `lw_`) during a run.
 */

export interface ServerSample {
  /** performance.now() of the scrape. */
  at: number;
  cpuSeconds: number;
  rssBytes: number;
}

export interface ServerUsage {
  metricsUrl: string;
  /** Cores busy on average (CPU seconds per second) over the measured part of the run, and the busiest interval. */
  cpuCores: { mean: number; max: number };
  rssMb: { mean: number; max: number; end: number };
  samples: number;
}

const SAMPLE_EVERY_MS = 1_000;

export function metricsUrlOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === "wss:" || url.protocol === "https:" ? "https:" : "http:";
  url.pathname = "/metrics";
  return url.toString();
}

export function parseProcessMetrics(text: string): { cpuSeconds: number; rssBytes: number } | undefined {
  const value = (name: string) => {
    const match = new RegExp(`^(?:[a-z0-9_]+_)?${name} ([0-9.eE+-]+)$`, "m").exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const cpuSeconds = value("process_cpu_seconds_total");
  const rssBytes = value("process_resident_memory_bytes");
  return cpuSeconds === undefined || rssBytes === undefined ? undefined : { cpuSeconds, rssBytes };
}

export class ServerMetricsSampler {
  readonly samples: ServerSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  lastError: string | undefined;

  /** `token`: the server's METRICS_TOKEN, when it keeps /metrics private. */
  constructor(
    readonly metricsUrl: string,
    private readonly token?: string,
  ) {}

  start(): void {
    this.inFlight = this.scrape();
    this.timer = setInterval(() => (this.inFlight = this.scrape()), SAMPLE_EVERY_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
    await this.scrape();
  }

  /** CPU cores the server used between the last two samples, and its latest RSS, for progress lines. */
  latest(): { cpuCores: number; rssMb: number } | undefined {
    const [before, last] = this.samples.slice(-2);
    if (!before || !last) return undefined;
    return { cpuCores: coresBetween(before, last), rssMb: toMb(last.rssBytes) };
  }

  /** Usage over the samples taken at or after `from` (performance.now()), e.g. once every client has joined. */
  usageSince(from: number): ServerUsage | undefined {
    const measured = this.samples.filter((sample) => sample.at >= from);
    const usable = measured.length >= 2 ? measured : this.samples;
    if (usable.length < 2) return undefined;
    const first = usable[0]!;
    const last = usable[usable.length - 1]!;
    const intervals = usable.slice(1).map((sample, index) => coresBetween(usable[index]!, sample));
    const rss = usable.map((sample) => toMb(sample.rssBytes));
    return {
      metricsUrl: this.metricsUrl,
      cpuCores: { mean: round2(coresBetween(first, last)), max: round2(Math.max(...intervals)) },
      rssMb: { mean: round2(rss.reduce((sum, value) => sum + value, 0) / rss.length), max: round2(Math.max(...rss)), end: round2(rss[rss.length - 1]!) },
      samples: usable.length,
    };
  }

  private async scrape(): Promise<void> {
    try {
      const response = await fetch(this.metricsUrl, { signal: AbortSignal.timeout(2_000), headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const parsed = parseProcessMetrics(await response.text());
      if (!parsed) throw new Error("no process_cpu_seconds_total / process_resident_memory_bytes in the answer");
      this.samples.push({ at: performance.now(), ...parsed });
    } catch (error) {
      this.lastError = (error as Error).message;
    }
  }
}

function coresBetween(a: ServerSample, b: ServerSample): number {
  return (b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000);
}

function toMb(bytes: number): number {
  return bytes / 1024 / 1024;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
