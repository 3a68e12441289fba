import type { ClockChange } from "./simulation-loader.ts";

/** A world's clock as its room set it. */
export interface WorldClock {
  gameTime: number;
  speed: number;
}

/** What the admin API asks of the live world rooms, in whichever process each runs. */
export interface WorldAdmin {
  /** The live room of each world that has one: world id to room id. */
  liveRooms(): Promise<Map<string, string>>;
  /** Sets a world's clock in its live room; undefined when the world has no room. */
  setClock(worldId: string, change: ClockChange): Promise<WorldClock | undefined>;
  /** Has a world's live room, if any, rebuild its agents from the database (after a load); false when the world has no room. */
  reloadAgents(worldId: string): Promise<boolean>;
}
