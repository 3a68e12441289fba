import { Room, type Client } from "@colyseus/core";
import { schema, t, type SchemaType } from "@colyseus/schema";
import { InterestManager } from "../../rooms/interest.ts";
import { PlayerState } from "../../rooms/world-state.ts";

/** The same `players` map of the same Player schema as the world room's state, and nothing else. */
export const BaselineState = schema({ players: t.map(PlayerState).view() }, "BaselineState");
export type BaselineState = SchemaType<typeof BaselineState>;

export interface BaselineOptions {
  mapSize: number;
  interestRadius: number;
  patchRateHz: number;
}

/** The world's walking speed and tick rate, so positions change as often and as much as in the world room. */
const TILES_PER_SECOND = 4;
const TICK_MS = 50;

interface Walker {
  state: PlayerState;
  dx: number;
  dy: number;
  target: { x: number; y: number } | undefined;
}

/**
 * The minimal room the load benchmark compares the world room with: players walk on an empty square map
 * (`input` holds a direction, `move_to` walks straight to a tile), `ping` is answered, and clients see
 * each other through the world room's own interest management, so every client receives the same
 * amount of state for the same positions. No agents, no database, no validation beyond a type check.
 */
export class BaselineRoom extends Room<{ state: BaselineState }> {
  override state = new BaselineState();
  private readonly walkers = new Map<string, Walker>();
  private interest!: InterestManager;
  private options!: BaselineOptions;

  override onCreate(options: BaselineOptions) {
    this.options = options;
    this.interest = new InterestManager(options.interestRadius);
    this.onMessage("input", (client, message: { dx?: unknown; dy?: unknown }) => {
      const walker = this.walkers.get(client.sessionId);
      if (!walker) return;
      walker.dx = Math.sign(Number(message.dx) || 0);
      walker.dy = Math.sign(Number(message.dy) || 0);
      walker.target = undefined;
    });
    this.onMessage("move_to", (client, message: { x?: unknown; y?: unknown }) => {
      const walker = this.walkers.get(client.sessionId);
      if (walker) walker.target = { x: this.clamp(Number(message.x) || 0), y: this.clamp(Number(message.y) || 0) };
    });
    this.onMessage("ping", (client, message: { t?: unknown }) => client.send("pong", { t: message.t, serverTime: Date.now() }));
    this.setTimestep(() => this.walk(TICK_MS / 1000), TICK_MS);
    this.patchRate = 1000 / options.patchRateHz;
  }

  override onJoin(client: Client, options: { name?: unknown }) {
    const centre = this.options.mapSize / 2;
    const state = new PlayerState();
    Object.assign(state, { id: client.sessionId, name: String(options.name ?? "guest").slice(0, 32), x: centre, y: centre, direction: "down", moving: false });
    this.state.players.set(client.sessionId, state);
    this.walkers.set(client.sessionId, { state, dx: 0, dy: 0, target: undefined });
    this.interest.join({ id: client.sessionId, client, x: centre, y: centre }, this.visible());
    client.send("welcome", { sessionId: client.sessionId, name: state.name, role: "guest" });
  }

  override onLeave(client: Client) {
    this.interest.forget(client.sessionId);
    this.interest.removeEverywhere(client.sessionId);
    this.walkers.delete(client.sessionId);
    this.state.players.delete(client.sessionId);
  }

  override onBeforePatch() {
    const viewers = this.clients.flatMap((client) => {
      const walker = this.walkers.get(client.sessionId);
      return walker ? [{ id: client.sessionId, client, x: walker.state.x, y: walker.state.y }] : [];
    });
    this.interest.update(viewers, this.visible());
  }

  private *visible() {
    for (const [id, walker] of this.walkers) yield { id, x: walker.state.x, y: walker.state.y, ref: walker.state };
  }

  private walk(seconds: number): void {
    const step = TILES_PER_SECOND * seconds;
    for (const walker of this.walkers.values()) {
      const { state, target } = walker;
      let dx = walker.dx;
      let dy = walker.dy;
      if (target) {
        const distance = Math.hypot(target.x - state.x, target.y - state.y);
        if (distance <= step) {
          walker.target = undefined;
          dx = dy = 0;
        } else {
          dx = (target.x - state.x) / distance;
          dy = (target.y - state.y) / distance;
        }
      }
      const moving = dx !== 0 || dy !== 0;
      if (moving) {
        const length = Math.hypot(dx, dy);
        state.x = this.clamp(state.x + (dx / length) * step);
        state.y = this.clamp(state.y + (dy / length) * step);
        const direction = Math.abs(dx) >= Math.abs(dy) ? (dx > 0 ? "right" : "left") : dy > 0 ? "down" : "up";
        if (state.direction !== direction) state.direction = direction;
      }
      if (state.moving !== moving) state.moving = moving;
    }
  }

  private clamp(value: number): number {
    return Math.min(this.options.mapSize - 1, Math.max(0, value));
  }
}
