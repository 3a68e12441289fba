import { matchMaker } from "@colyseus/core";
import type { Logger } from "../src/log.ts";
import { takenWorld } from "./one-room-per-world.ts";

export interface WorldKeeperOptions {
  roomName: string;
  /** Every world the server runs (the database's worlds). */
  worlds: () => Promise<string[]>;
  /** Whether a room (here or in another process) holds the world's one-writer claim. */
  claimed: (worldId: string) => Promise<boolean>;
  /** How often to look for worlds without a room (a world loaded since, or one a dead process held). */
  everyMs: number;
  log: Logger;
}

export interface WorldKeeper {
  /** Looks once and opens the worlds that have no room; resolves when they are open (or could not be). */
  openMissing(): Promise<void>;
  /** Stops looking; resolves once a look in progress has ended, so shutdown never races a new room. */
  stop(): Promise<void>;
}

/**
 * Keeps a room open for every world whether or not anyone is connected, so its clock runs and its agents
 * keep their schedules. Each world's one-writer claim decides who opens it: with several processes all of
 * them try, one wins, the others are refused and leave it be (and try again later, in case it dies).
 */
export function keepWorldsOpen(options: WorldKeeperOptions): WorldKeeper {
  let looking: Promise<void> = Promise.resolve();
  let stopped = false;
  const lastFailure = new Map<string, string>();

  const openMissing = async () => {
    // The claim, not the room listing: a process that died leaves its listing behind, but its claim runs out.
    for (const world of await options.worlds()) {
      if (stopped || (await options.claimed(world))) continue;
      try {
        await matchMaker.createRoom(options.roomName, { world });
        lastFailure.delete(world);
      } catch (error) {
        // Another room holds the world (here or in another process): it is open, which is the point.
        if (takenWorld(error)) continue;
        const message = (error as Error).message;
        if (lastFailure.get(world) === message) continue;
        lastFailure.set(world, message);
        options.log.warn({ world, err: message }, "could not open the world's room; trying again later");
      }
    }
  };
  const look = () => {
    looking = looking.then(() => (stopped ? undefined : openMissing())).catch((error: Error) => options.log.warn({ err: error.message }, "could not list the worlds to keep open; trying again later"));
    return looking;
  };
  const timer = setInterval(() => void look(), options.everyMs);
  timer.unref();
  return {
    openMissing: look,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await looking;
    },
  };
}
