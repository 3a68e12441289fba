/** "Day 2, 07:45" from game seconds since day 1, 00:00 (docs/protocol.md). */
export function formatGameTime(gameTime: number): string {
  return `Day ${Math.floor(gameTime / 86_400) + 1}, ${formatMinuteOfDay(Math.floor((gameTime % 86_400) / 60))}`;
}

/** "07:45" from minutes since 00:00. */
export function formatMinuteOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** The server sends gameTime once per game minute; between updates the clock runs on at clockSpeed. */
export class LocalClock {
  private base = 0;
  private speed = 0;
  private at = performance.now();

  update(gameTime: number, speed: number): void {
    if (gameTime === this.base && speed === this.speed) return;
    this.base = gameTime;
    this.speed = speed;
    this.at = performance.now();
  }

  now(): number {
    return this.base + ((performance.now() - this.at) / 1000) * this.speed;
  }
}
