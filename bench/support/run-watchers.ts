import { PerformanceObserver } from "node:perf_hooks";

export interface Collection {
  /** performance.now() time the collection started at, and how long it took (ms). */
  start: number;
  duration: number;
}

/** Garbage collections during the measurement. V8 reports them asynchronously, hence stop() awaits. */
export class GcWatch {
  private readonly collections: Collection[] = [];
  private observer: PerformanceObserver | undefined;
  private startedAt = 0;

  start(): void {
    this.startedAt = performance.now();
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.startTime >= this.startedAt) this.collections.push({ start: entry.startTime, duration: entry.duration });
    });
    this.observer.observe({ entryTypes: ["gc"] });
  }

  async stop(): Promise<Collection[]> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.observer?.disconnect();
    return this.collections;
  }
}

/** Indexes of the ticks (wall-clock spans, sorted) that a collection overlapped. */
export function ticksHitBy(collections: readonly Collection[], spans: readonly { start: number; end: number }[]): Set<number> {
  const hit = new Set<number>();
  for (const collection of collections) {
    let low = 0;
    let high = spans.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (spans[mid]!.end < collection.start) low = mid + 1;
      else if (spans[mid]!.start > collection.start + collection.duration) high = mid - 1;
      else {
        hit.add(mid);
        break;
      }
    }
  }
  return hit;
}

/**
 * @colyseus/schema warns on the console when a patch outgrows Encoder.BUFFER_SIZE; the server would
 * print the same. Count them for the report instead of flooding stderr (the first of each is shown).
 */
export function captureSchemaWarnings() {
  const original = console.warn;
  const seen = new Map<string, number>();
  console.warn = (...args: unknown[]) => {
    const key = args.map(String).join(" ").split("\n")[0]!.slice(0, 120);
    if (!seen.has(key)) original(...args);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  };
  return {
    restore: () => {
      console.warn = original;
    },
    summary: () => [...seen].map(([message, count]) => ({ message, count })),
  };
}
