import type pg from "pg";
import { saveMinds } from "../db/repositories/mind-repository.ts";
import type { Logger } from "../src/log.ts";

/**
 * Saves agents' minds write-behind: only those that changed since the last save, in one statement. Saves
 * run one after another, so a slow one never lands after (and over) a newer one.
 */
export class MindWriter {
  private readonly lastSaved = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly worldId: string,
    private readonly log: Pick<Logger, "debug">,
  ) {}

  /** Snapshots are taken by the caller now; they are written once the saves before them are done. */
  save(minds: readonly { agentId: string; snapshot: { promises: readonly unknown[] } }[], gameTime: number): Promise<void> {
    const texts = minds.map((mind) => ({ ...mind, text: JSON.stringify(mind.snapshot) }));
    const run = this.queue.then(() => this.write(texts, gameTime));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(minds: readonly { agentId: string; snapshot: { promises: readonly unknown[] }; text: string }[], gameTime: number): Promise<void> {
    const changed = minds.filter((mind) => this.lastSaved.get(mind.agentId) !== mind.text);
    if (changed.length === 0) return;
    await saveMinds(this.pool, changed.map(({ agentId, snapshot }) => ({ agentId, snapshot, gameTime })));
    for (const mind of changed) this.lastSaved.set(mind.agentId, mind.text);
    const promises = changed.reduce((sum, mind) => sum + mind.snapshot.promises.length, 0);
    this.log.debug({ world: this.worldId, agents: changed.map((mind) => mind.agentId), promises, gameTime: Math.floor(gameTime) }, "agent minds saved");
  }
}
