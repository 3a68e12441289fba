/**
 * The memories each agent retrieved lately, newest first, to pass to retrieveMemories as `alsoConsider`.
 * Recency counts from the last access, but no candidate list is ordered by it (migration 002 keeps the
 * access columns unindexed so that marking a memory accessed stays a cheap HOT update): an old memory
 * recalled a moment ago is fresh again, and this is how it gets back among the candidates. Lost on
 * restart, which only means such a memory competes on its other merits until it is recalled again.
 */
export class RecentlyAccessed {
  private readonly byAgent = new Map<string, number[]>();

  /** @param perAgent ids kept per agent; a few retrievals' worth (10 each) is plenty. */
  constructor(private readonly perAgent = 50) {
    if (!Number.isInteger(perAgent) || perAgent < 1) throw new RangeError(`RecentlyAccessed keeps a positive whole number of ids per agent (got ${perAgent})`);
  }

  record(agentId: string, ids: readonly number[]): void {
    if (ids.length === 0) return;
    const fresh = new Set(ids);
    const kept = (this.byAgent.get(agentId) ?? []).filter((id) => !fresh.has(id));
    this.byAgent.set(agentId, [...fresh, ...kept].slice(0, this.perAgent));
  }

  of(agentId: string): number[] {
    return [...(this.byAgent.get(agentId) ?? [])];
  }

  /** Forget memories that no longer exist (consolidated away). */
  forget(agentId: string, ids: readonly number[]): void {
    const gone = new Set(ids);
    const kept = this.byAgent.get(agentId)?.filter((id) => !gone.has(id));
    if (kept) this.byAgent.set(agentId, kept);
  }
}
