const INTERVAL_MS = 20;

/**
 * How late a timer fires in this process: the lag every callback (a pong's RTT included) suffers before
 * it runs. High lag means the load generator, not the server, is slow.
 */
export class EventLoopLag {
  private samples: number[] = [];
  private expected = performance.now() + INTERVAL_MS;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.now();
      this.samples.push(Math.max(0, now - this.expected));
      this.expected = now + INTERVAL_MS;
    }, INTERVAL_MS);
    this.timer.unref();
  }

  /** The p99 lag in ms since the last call, and starts a new period. */
  takeP99(): number {
    const sorted = this.samples.sort((a, b) => a - b);
    this.samples = [];
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
