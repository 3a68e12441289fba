import type pg from "pg";
import { insertLlmCalls, type LlmCallRow } from "./repositories/llm-call-repository.ts";

// Past this many unwritten rows (the database is down for long), the oldest are dropped: they are
// accounting, and the metrics have already counted them.
const MAX_PENDING = 10_000;

/** Records LLM calls write-behind: buffered by the engine, written in one statement per flush. */
export class LlmCallWriter {
  private pending: LlmCallRow[] = [];
  dropped = 0;

  constructor(private readonly pool: pg.Pool) {}

  add(call: LlmCallRow): void {
    this.pending.push(call);
    if (this.pending.length > MAX_PENDING) {
      this.pending.shift();
      this.dropped++;
    }
  }

  get size(): number {
    return this.pending.length;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      await insertLlmCalls(this.pool, batch);
    } catch (error) {
      this.pending = [...batch, ...this.pending].slice(-MAX_PENDING);
      throw error;
    }
  }
}
