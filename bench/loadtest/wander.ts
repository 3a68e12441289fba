import type { Rng } from "../../src/world/rng.ts";

export type MovementMessage = { type: "input"; dx: number; dy: number } | { type: "move_to"; x: number; y: number };

export interface Point {
  x: number;
  y: number;
}

/** Within this many tiles of its target a player picks the next one. */
const ARRIVED_TILES = 0.75;
/** A player whose position did not change for this long while walking is against a wall: it turns elsewhere. */
const STUCK_MS = 1_000;

/**
 * How a simulated player walks: it steers toward a target tile with `input` (the held direction, sent
 * every step like a game client that reports its keys at a fixed rate), picks a new random target
 * within `spread` tiles of where it joined when it arrives or is stuck, and now and then clicks the
 * target instead (`move_to`, so that the server's pathfinding is exercised too). A `chase` target (an
 * agent it walks up to) overrides the wandering one.
 */
export class Wanderer {
  private home: Point | undefined;
  private target: Point | undefined;
  private lastMoveAt = 0;
  private last: Point | undefined;
  chase: Point | undefined;

  constructor(
    private readonly rng: Rng,
    private readonly spread: number,
    /** Probability that a step is a `move_to` to the target instead of an `input`. */
    private readonly clickChance: number,
  ) {}

  /** The next movement message for a player standing at `at`. */
  next(at: Point, now: number): MovementMessage {
    this.home ??= { x: at.x, y: at.y };
    if (!this.last || Math.abs(this.last.x - at.x) + Math.abs(this.last.y - at.y) > 0.05) this.lastMoveAt = now;
    this.last = { x: at.x, y: at.y };
    const goal = this.chase ?? this.currentTarget(at, now);
    if (this.rng.next() < this.clickChance) return { type: "move_to", x: Math.max(0, Math.round(goal.x)), y: Math.max(0, Math.round(goal.y)) };
    return { type: "input", dx: steer(goal.x - at.x), dy: steer(goal.y - at.y) };
  }

  /** Drops the current target (the server refused it: off the map or unreachable). */
  retarget(): void {
    this.target = undefined;
  }

  private currentTarget(at: Point, now: number): Point {
    const arrived = this.target && Math.abs(this.target.x - at.x) <= ARRIVED_TILES && Math.abs(this.target.y - at.y) <= ARRIVED_TILES;
    const stuck = now - this.lastMoveAt > STUCK_MS;
    if (!this.target || arrived || stuck) {
      const home = this.home!;
      this.target = { x: Math.max(0, home.x + this.rng.int(-this.spread, this.spread)), y: Math.max(0, home.y + this.rng.int(-this.spread, this.spread)) };
      this.lastMoveAt = now;
    }
    return this.target;
  }
}

function steer(delta: number): number {
  if (delta > ARRIVED_TILES / 2) return 1;
  if (delta < -ARRIVED_TILES / 2) return -1;
  return 0;
}
