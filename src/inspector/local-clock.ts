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
