import type pg from "pg";
import { deleteGuestsNotSeenSince } from "../../db/repositories/character-repository.ts";
import type { Logger } from "../log.ts";

export interface GuestExpiryOptions {
  pool: pg.Pool;
  expiryHours: number;
  log: Pick<Logger, "info" | "warn">;
}

// Expiry is measured in hours or days: an hourly sweep is precise enough and costs nothing.
const SWEEP_INTERVAL_MS = 3_600_000;

/** One sweep: deletes the guests not seen for `expiryHours` before `now`; returns how many. */
export async function expireGuests(pool: pg.Pool, expiryHours: number, now: number): Promise<number> {
  return deleteGuestsNotSeenSince(pool, new Date(now - expiryHours * 3_600_000));
}

/**
 * Sweeps at start and every hour after. Every process may run it: a guest deleted by one is simply
 * not found by the others. A failed sweep (database down) is logged and tried again next hour.
 */
export function startGuestExpiry(options: GuestExpiryOptions): { stop(): void } {
  const sweep = () => {
    void expireGuests(options.pool, options.expiryHours, Date.now()).then(
      (deleted) => {
        if (deleted > 0) options.log.info({ deleted, expiryHours: options.expiryHours }, "guests not seen within GUEST_EXPIRY_HOURS deleted");
      },
      (error: Error) => options.log.warn({ err: error.message }, "guest expiry sweep failed; retried at the next sweep"),
    );
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  // A sweep under way is not awaited: closing the pool waits for its client, and a sweep stuck on a
  // database that went away must not hold up the shutdown.
  return { stop: () => clearInterval(timer) };
}
