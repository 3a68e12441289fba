import type { WorldLocation } from "../../src/world/map-definition.ts";
import type { Point } from "../../src/world/point.ts";
import type { Rng } from "../../src/world/rng.ts";
import type { TileMap } from "../../src/world/tile-map.ts";

/** How a simulated player behaves; each value is what a person at a keyboard or a touch screen does. */
const BEHAVIOUR = {
  /** A held direction lasts this long before the player changes it (ms of game). */
  minHoldMs: 500,
  maxHoldMs: 2000,
  /** Share of decisions that are a click on a tile (move_to) rather than a key press. */
  clickShare: 0.12,
  /** Share of decisions that release the keys (stand still for a while). */
  stopShare: 0.15,
  /** Share of players who join inside a named location (where agents and other players gather); the rest join anywhere. */
  joinInLocationShare: 0.6,
  /** Tiles around a location that still count as "at" it when picking a join position. */
  locationMarginTiles: 4,
  /** Tries to find a walkable click target before giving up for this decision. */
  clickTries: 12,
} as const;

const DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [1, -1], [-1, 1], [-1, -1],
];
const SESSION_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";

export type PlayerMessage = { type: "input"; payload: { dx: number; dy: number } } | { type: "move_to"; payload: { x: number; y: number } };

export interface MovingPlayer {
  /** A Colyseus-like 9-character session id: map keys go on the wire, so their length matters for bytes. */
  sessionId: string;
  name: string;
  joinAt: Point;
  nextDecisionMs: number;
}

/**
 * Players as a real client drives them: a held direction that changes every 0.5-2 s, sometimes a
 * click on a tile within `clickRange` tiles (what is on screen), at about one message per second and
 * never more than 2 per second, well under the room's rate limit (30/s).
 */
export class MovingPlayers {
  readonly players: MovingPlayer[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly map: TileMap,
    private readonly locations: readonly WorldLocation[],
    private readonly clickRange: number,
  ) {}

  create(count: number): MovingPlayer[] {
    for (let i = 0; i < count; i++) {
      this.players.push({
        sessionId: this.sessionId(),
        name: `Player ${i + 1}`,
        joinAt: this.joinPosition(),
        nextDecisionMs: this.rng.next() * BEHAVIOUR.maxHoldMs,
      });
    }
    return this.players;
  }

  /** The messages players send in the step ending at `nowMs`; `positionOf` reads where the server has them. */
  messagesDue(nowMs: number, positionOf: (sessionId: string) => Point | undefined, send: (player: MovingPlayer, message: PlayerMessage) => void): void {
    for (const player of this.players) {
      if (player.nextDecisionMs > nowMs) continue;
      player.nextDecisionMs = nowMs + BEHAVIOUR.minHoldMs + this.rng.next() * (BEHAVIOUR.maxHoldMs - BEHAVIOUR.minHoldMs);
      const roll = this.rng.next();
      if (roll < BEHAVIOUR.clickShare) {
        const at = positionOf(player.sessionId);
        const target = at && this.clickTarget(at);
        if (target) send(player, { type: "move_to", payload: target });
      } else if (roll < BEHAVIOUR.clickShare + BEHAVIOUR.stopShare) {
        send(player, { type: "input", payload: { dx: 0, dy: 0 } });
      } else {
        const [dx, dy] = this.rng.pick(DIRECTIONS);
        send(player, { type: "input", payload: { dx, dy } });
      }
    }
  }

  private clickTarget(at: Point): Point | undefined {
    for (let i = 0; i < BEHAVIOUR.clickTries; i++) {
      const range = this.clickRange;
      const x = range === 0 ? this.rng.int(0, this.map.width - 1) : Math.round(at.x) + this.rng.int(-range, range);
      const y = range === 0 ? this.rng.int(0, this.map.height - 1) : Math.round(at.y) + this.rng.int(-range, range);
      if (this.map.isWalkable(x, y)) return { x, y };
    }
    return undefined;
  }

  /** Where the character was saved: often at a location, otherwise anywhere (the server moves it to the nearest walkable tile). */
  private joinPosition(): Point {
    if (this.locations.length > 0 && this.rng.next() < BEHAVIOUR.joinInLocationShare) {
      const location = this.rng.pick(this.locations);
      const margin = BEHAVIOUR.locationMarginTiles;
      return {
        x: clamp(this.rng.int(location.x - margin, location.x + location.width - 1 + margin), 0, this.map.width - 1),
        y: clamp(this.rng.int(location.y - margin, location.y + location.height - 1 + margin), 0, this.map.height - 1),
      };
    }
    return { x: this.rng.int(0, this.map.width - 1), y: this.rng.int(0, this.map.height - 1) };
  }

  private sessionId(): string {
    let id = "";
    for (let i = 0; i < 9; i++) id += SESSION_ID_ALPHABET[this.rng.int(0, SESSION_ID_ALPHABET.length - 1)];
    return id;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
