/**
 * Who runs a world. A room claims its world before it loads anything; while it holds the claim no
 * other room (in this process or, with Redis, in any process) can open that world, so each world has
 * exactly one writer.
 */
export interface WorldOwnership {
  /**
   * Claims `worldId`; undefined when another room holds it. `lost` is called at most once if the claim
   * stops being safe to rely on while held (another process may take the world soon): stop writing.
   */
  claim(worldId: string, lost: (reason: string) => void): Promise<WorldClaim | undefined>;
  /** Whether some room (in any process) holds `worldId` now; a dead process's claim counts until it expires. */
  isClaimed(worldId: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface WorldClaim {
  /** Gives the world up; safe to call more than once. */
  release(): Promise<void>;
}

/** One process, no Redis: the claims live in this process, and so does every room that could open a world. */
export function inProcessWorldOwnership(): WorldOwnership {
  const held = new Set<string>();
  return {
    async claim(worldId) {
      if (held.has(worldId)) return undefined;
      held.add(worldId);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          held.delete(worldId);
        },
      };
    },
    async isClaimed(worldId) {
      return held.has(worldId);
    },
    async close() {},
  };
}
