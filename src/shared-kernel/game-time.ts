export const SECONDS_PER_DAY = 86_400;

/** Game time is whole game seconds since day 1, 00:00. */
export function gameTimeOf(day: number, minutesOfDay: number): number {
  return (day - 1) * SECONDS_PER_DAY + minutesOfDay * 60;
}

export function describeGameTime(gameTime: number): { day: number; hour: number; minute: number; label: string } {
  const day = Math.floor(gameTime / SECONDS_PER_DAY) + 1;
  const secondsOfDay = gameTime % SECONDS_PER_DAY;
  const hour = Math.floor(secondsOfDay / 3600);
  const minute = Math.floor((secondsOfDay % 3600) / 60);
  return { day, hour, minute, label: `Day ${day} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}` };
}

/** Day number (1-based) of a game time; game time may carry fractions of a second. */
export function dayOf(gameTime: number): number {
  return Math.floor(gameTime / SECONDS_PER_DAY) + 1;
}

/** Whole minutes since 00:00 of the current day, 0-1439. */
export function minuteOfDayOf(gameTime: number): number {
  return Math.floor((gameTime % SECONDS_PER_DAY) / 60);
}
