export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;
export const MINUTES_PER_DAY = 24 * 60;

/** Game time is whole game seconds since day 1, 00:00. */
export function gameTimeOf(day: number, minutesOfDay: number): number {
  return (day - 1) * SECONDS_PER_DAY + minutesOfDay * 60;
}

export function describeGameTime(gameTime: number): { day: number; hour: number; minute: number; label: string } {
  const day = dayOf(gameTime);
  const minuteOfDay = minuteOfDayOf(gameTime);
  return { day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, label: `Day ${day} ${clockLabel(minuteOfDay)}` };
}

/** Day number (1-based) of a game time; game time may carry fractions of a second. */
export function dayOf(gameTime: number): number {
  return Math.floor(gameTime / SECONDS_PER_DAY) + 1;
}

/** Game seconds since 00:00 of the current day. */
export function secondsOfDayOf(gameTime: number): number {
  return gameTime % SECONDS_PER_DAY;
}

/** Whole minutes since 00:00 of the current day, 0-1439. */
export function minuteOfDayOf(gameTime: number): number {
  return Math.floor(secondsOfDayOf(gameTime) / 60);
}

/** Whole game hours since day 1, 00:00. */
export function gameHourOf(gameTime: number): number {
  return Math.floor(gameTime / SECONDS_PER_HOUR);
}

/** "07:45" from minutes since 00:00. */
export function clockLabel(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, "0")}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}

/** "7:45" from minutes since 00:00, as a person says it (prompts and speech). */
export function spokenClock(minuteOfDay: number): string {
  return `${Math.floor(minuteOfDay / 60)}:${String(minuteOfDay % 60).padStart(2, "0")}`;
}

/** "Day 2, 07:45" from game seconds since day 1, 00:00 (docs/protocol.md). */
export function formatGameTime(gameTime: number): string {
  return `Day ${dayOf(gameTime)}, ${clockLabel(minuteOfDayOf(gameTime))}`;
}

/** The part of the day a game minute falls in, as a person would name it; minutes outside 0-1439 wrap. */
export function partOfDay(minuteOfDay: number): "morning" | "afternoon" | "evening" | "night" {
  const hour = Math.floor((((minuteOfDay % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY) / 60);
  if (hour < 5) return "night";
  if (hour < 12) return "morning";
  if (hour < 17) return "afternoon";
  if (hour < 21) return "evening";
  return "night";
}
