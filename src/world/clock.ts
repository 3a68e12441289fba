import { dayOf, describeGameTime, minuteOfDayOf } from "../shared-kernel/game-time.ts";

export interface ClockAdvance {
  /** Set when this advance crossed midnight: the day that has just begun. */
  dayStarted?: number;
}

const NO_NEW_DAY: ClockAdvance = Object.freeze({});

/** The world's game clock: game seconds since day 1, 00:00, advancing `speed` game seconds per real second. */
export class GameClock {
  private time: number;
  private rate: number;

  constructor(gameTime: number, speed: number) {
    this.time = checkedGameTime(gameTime);
    this.rate = checkedSpeed(speed);
  }

  /** Game seconds since day 1, 00:00 (fractional between whole seconds). */
  get gameTime(): number {
    return this.time;
  }

  /** Game seconds per real second; 0 pauses the clock. */
  get speed(): number {
    return this.rate;
  }

  get day(): number {
    return dayOf(this.time);
  }

  get minuteOfDay(): number {
    return minuteOfDayOf(this.time);
  }

  get hour(): number {
    return Math.floor(this.minuteOfDay / 60);
  }

  /** e.g. "Day 2 08:15". */
  get label(): string {
    return describeGameTime(this.time).label;
  }

  advance(realMs: number): ClockAdvance {
    if (!Number.isFinite(realMs) || realMs < 0) throw new RangeError(`clock can only advance by a finite, non-negative number of ms (got ${realMs})`);
    const dayBefore = this.day;
    this.time += (realMs / 1000) * this.rate;
    const dayAfter = this.day;
    return dayAfter > dayBefore ? { dayStarted: dayAfter } : NO_NEW_DAY;
  }

  set(gameTime?: number, speed?: number): void {
    const nextTime = gameTime === undefined ? this.time : checkedGameTime(gameTime);
    const nextRate = speed === undefined ? this.rate : checkedSpeed(speed);
    this.time = nextTime;
    this.rate = nextRate;
  }
}

export function checkedGameTime(gameTime: number): number {
  if (!Number.isFinite(gameTime) || gameTime < 0) throw new RangeError(`game time must be a finite number of game seconds >= 0 (got ${gameTime})`);
  return gameTime;
}

export function checkedSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`clock speed must be a finite number of game seconds per real second >= 0 (got ${speed})`);
  return speed;
}
