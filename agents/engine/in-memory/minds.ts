/** One agent's mind as stored: the engine's snapshot, as plain JSON, and the game time it was taken at. */
export interface SavedMind {
  agentId: string;
  snapshot: unknown;
  gameTime: number;
}

/**
 * The minds a world's engine saved (agent_minds), held in a process: what a second engine on the same ports
 * takes up, as a restarted server does. Snapshots go through JSON, as the database's jsonb column does.
 */
export class InMemoryMinds {
  private readonly saved = new Map<string, SavedMind>();

  save(minds: readonly SavedMind[]): void {
    for (const mind of minds) this.saved.set(mind.agentId, { agentId: mind.agentId, snapshot: JSON.parse(JSON.stringify(mind.snapshot)), gameTime: Math.floor(mind.gameTime) });
  }

  /** Every saved mind, by agent id. */
  load(): SavedMind[] {
    return [...this.saved.values()].sort((a, b) => (a.agentId < b.agentId ? -1 : 1));
  }
}
