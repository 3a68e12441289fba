import type { PlayerSim } from "./entities.ts";
import { walkFreely, walkPath } from "./movement.ts";
import { findPath } from "./pathfinding.ts";
import { tileOf, type Point } from "./point.ts";
import type { TileMap } from "./tile-map.ts";
import type { WorldEvent } from "./world-event.ts";

/**
 * Players joining, leaving and moving, by held direction or by walking a path to a clicked tile. Clicked
 * paths are searched each time, not taken from the route cache: clicks land anywhere and are rarely
 * repeated, so caching them would only push out the agents' daily routes and keep dead paths alive.
 */
export class PlayerControl {
  constructor(
    private readonly map: TileMap,
    private readonly players: Map<string, PlayerSim>,
  ) {}

  /** Adds the player on the walkable tile nearest to (x, y); joining again with the same id replaces them. */
  join(id: string, name: string, x: number, y: number): PlayerSim | undefined {
    const tile = this.map.nearestWalkable(x, y);
    if (!tile) return undefined;
    this.players.delete(id);
    const player: PlayerSim = { kind: "player", id, name, x: tile.x, y: tile.y, direction: "down", moving: false, path: [], heldInput: { dx: 0, dy: 0 } };
    this.players.set(id, player);
    return player;
  }

  hold(player: PlayerSim, dx: number, dy: number): void {
    player.heldInput = { dx: Math.sign(dx), dy: Math.sign(dy) };
    player.path = [];
    if (dx === 0 && dy === 0) player.moving = false;
  }

  moveTo(player: PlayerSim, target: Point, events: WorldEvent[]): void {
    const to = { x: Math.round(target.x), y: Math.round(target.y) };
    player.heldInput = { dx: 0, dy: 0 };
    const route = findPath(this.map, tileOf(player), to);
    if (!route) {
      player.path = [];
      player.moving = false;
      events.push({ type: "no_path", entityKind: "player", entityId: player.id, to });
      return;
    }
    player.path = route;
    // Already on the tile: walk back to its centre.
    if (player.path.length === 0 && (player.x !== to.x || player.y !== to.y)) player.path.push(to);
    player.moving = player.path.length > 0;
    if (!player.moving) this.arrived(player, events);
  }

  move(player: PlayerSim, tilesPerSecond: number, dtMs: number, events: WorldEvent[]): void {
    if (player.path.length > 0) {
      if (walkPath(player, tilesPerSecond, dtMs)) this.arrived(player, events);
    } else if (player.heldInput.dx !== 0 || player.heldInput.dy !== 0) {
      walkFreely(player, player.heldInput, this.map, tilesPerSecond, dtMs);
    }
  }

  private arrived(player: PlayerSim, events: WorldEvent[]): void {
    const tile = tileOf(player);
    events.push({ type: "arrived", entityKind: "player", entityId: player.id, location: this.map.locationAt(tile.x, tile.y) ?? null });
  }
}
