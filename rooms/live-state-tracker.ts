import type { LiveStateWriter } from "../db/write-behind.ts";
import type { WorldSimulation } from "../src/world/simulation.ts";

/**
 * Hands the write-behind only what changed since the last capture, so an idle world writes
 * nothing and a busy one writes one row per entity that moved.
 */
export class LiveStateTracker {
  private readonly lastWritten = new Map<string, string>();

  constructor(private readonly worldId: string) {}

  capture(sim: WorldSimulation, writer: LiveStateWriter, characterOf: (sessionId: string) => string | undefined): void {
    for (const agent of sim.agents.values()) {
      const state = {
        id: agent.id,
        x: round(agent.x),
        y: round(agent.y),
        direction: agent.direction,
        activity: agent.activity,
        location: agent.location || null,
        // Whole energy points and tenths of valence: they change every few game minutes, not every flush.
        energy: Math.round(agent.energy),
        valence: Math.round(agent.valence * 10) / 10,
        mood: agent.mood,
      };
      if (this.changed(`agent:${agent.id}`, state)) writer.putAgent(state);
    }
    for (const player of sim.players.values()) {
      const characterId = characterOf(player.id);
      if (!characterId) continue;
      const state = { id: characterId, x: round(player.x), y: round(player.y), direction: player.direction };
      // A connected character is written at least every SEEN_REFRESH_MS, so guest expiry never takes a player still here.
      if (this.changed(`character:${characterId}`, { ...state, seen: Math.floor(Date.now() / SEEN_REFRESH_MS) })) writer.putCharacter(state);
    }
    const snapshot = sim.snapshot();
    const clock = { worldId: this.worldId, gameTime: snapshot.clock.gameTime, clockSpeed: snapshot.clock.speed, rngState: snapshot.rngState };
    if (this.changed("clock", { minute: Math.floor(clock.gameTime / 60), speed: clock.clockSpeed, rng: clock.rngState })) writer.putClock(clock);
  }

  private changed(key: string, state: object): boolean {
    const text = JSON.stringify(state);
    if (this.lastWritten.get(key) === text) return false;
    this.lastWritten.set(key, text);
    return true;
  }
}

// Far below the shortest guest expiry (an hour), far above the flush interval.
const SEEN_REFRESH_MS = 10 * 60_000;

// Positions are stored to a hundredth of a tile; finer changes are not worth a write.
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
