import type pg from "pg";
import { withTransaction } from "./client.ts";
import {
  writeAgentStates,
  writeCharacterStates,
  writeWorldClock,
  type AgentLiveState,
  type CharacterLiveState,
  type WorldClockState,
} from "./repositories/live-state-repository.ts";

export interface FlushObserver {
  flushed(seconds: number, records: number): void;
  failed(error: Error, pending: number): void;
}

/**
 * Write-behind for one world's live state. The tick only records the latest state per entity
 * (last write wins, so a backlog never grows past one row per entity); `flush` writes everything
 * pending in one transaction. When the database is down, pending state stays queued and the next
 * flush retries; newer state recorded meanwhile replaces the old.
 */
export class LiveStateWriter {
  private agents = new Map<string, AgentLiveState>();
  private characters = new Map<string, CharacterLiveState>();
  private clock: WorldClockState | undefined;
  private inFlight: Promise<void> | undefined;
  private lastError: Error | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly observer: FlushObserver,
  ) {}

  putAgent(state: AgentLiveState): void {
    this.agents.set(state.id, state);
  }

  putCharacter(state: CharacterLiveState): void {
    this.characters.set(state.id, state);
  }

  putClock(state: WorldClockState): void {
    this.clock = state;
  }

  get pending(): number {
    return this.agents.size + this.characters.size + (this.clock ? 1 : 0);
  }

  /** Set while the last flush failed: the database is behind the world. */
  get failure(): Error | undefined {
    return this.lastError;
  }

  /** One flush at a time; a call during a flush waits for it and then flushes what came in meanwhile. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.pending === 0) return;
    this.inFlight = this.writePending();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async writePending(): Promise<void> {
    const agents = this.agents;
    const characters = this.characters;
    const clock = this.clock;
    this.agents = new Map();
    this.characters = new Map();
    this.clock = undefined;
    const started = performance.now();
    const records = agents.size + characters.size + (clock ? 1 : 0);
    try {
      await withTransaction(this.pool, async (client) => {
        await writeAgentStates(client, [...agents.values()]);
        await writeCharacterStates(client, [...characters.values()]);
        if (clock) await writeWorldClock(client, clock);
      });
      this.lastError = undefined;
      this.observer.flushed((performance.now() - started) / 1000, records);
    } catch (error) {
      // Put the batch back under anything newer that arrived while it was being written.
      for (const [id, state] of agents) if (!this.agents.has(id)) this.agents.set(id, state);
      for (const [id, state] of characters) if (!this.characters.has(id)) this.characters.set(id, state);
      this.clock ??= clock;
      this.lastError = error as Error;
      this.observer.failed(error as Error, this.pending);
      throw error;
    }
  }
}
