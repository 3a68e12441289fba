import { z } from "zod";
import { MINUTES_PER_DAY } from "../shared-kernel/game-time.ts";

/** Agent ids appear in URLs, logs and file names: letters, digits, `_` and `-`. */
export const AgentId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "must be 1-64 letters, digits, '_' or '-', starting with a letter or digit (e.g. \"elara_blacksmith\")");

export const WorldId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be 1-64 lowercase letters, digits, '_' or '-' (e.g. \"heartwood\")");

/** Clock times as designers write them in schedules: "6:00", "06:30", "21:45". */
export const ClockTime = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "must be a time of day H:MM or HH:MM between 0:00 and 23:59");

/** A schedule's start time: a clock time, or "24:00", which the older Heartwood Valley files use for midnight (0:00). */
export const ScheduleTime = z
  .string()
  .regex(/^(([01]?\d|2[0-3]):[0-5]\d|24:00)$/, "must be a time of day H:MM or HH:MM between 0:00 and 23:59 (24:00 is read as 0:00)");

/** Minutes since midnight; "24:00" is midnight, 0. */
export function clockTimeToMinutes(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours! * 60 + minutes!) % MINUTES_PER_DAY;
}
