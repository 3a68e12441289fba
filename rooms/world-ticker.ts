import type { WorldEvent, WorldInput, WorldSimulation } from "../src/world/simulation.ts";
import type { InterestManager, Viewer, Visible } from "./interest.ts";
import { newAgentState, syncAgent, syncPlayer } from "./state-sync.ts";
import type { WorldState } from "./world-state.ts";

// A hitch longer than this many steps is dropped rather than replayed (no spiral of death).
const MAX_CATCH_UP_STEPS = 5;

/**
 * What one room tick does, without Colyseus: fixed-size simulation steps for the real time that
 * passed, then the replicated state brought up to date; before each patch, the interest views. The
 * room and the tick benchmark both run this.
 */
export class WorldTicker {
  private pending: WorldInput[] = [];
  /** One position record per replicated entity, updated in place each tick (no per-tick garbage). */
  private readonly visibles = new Map<string, Visible>();
  private accumulator = 0;
  private lastPublishedMinute = -1;

  constructor(
    public sim: WorldSimulation,
    readonly state: WorldState,
    readonly interest: InterestManager,
    readonly stepMs: number,
  ) {
    for (const agent of sim.agents.values()) state.agents.set(agent.id, newAgentState(agent));
    this.publishClock(true);
  }

  enqueue(input: WorldInput): void {
    this.pending.push(input);
  }

  /** One room tick for `deltaMs` of real time; returns the simulation's events. */
  tick(deltaMs: number): WorldEvent[] {
    this.accumulator += deltaMs;
    const events: WorldEvent[] = [];
    let steps = 0;
    while (this.accumulator >= this.stepMs && steps < MAX_CATCH_UP_STEPS) {
      events.push(...this.step(this.stepMs));
      this.accumulator -= this.stepMs;
      steps++;
    }
    if (steps === MAX_CATCH_UP_STEPS) this.accumulator = 0;
    this.syncState();
    this.publishClock(false);
    return events;
  }

  /** Brings the clients' interest views up to date; run right before each patch (Room.onBeforePatch). */
  updateInterest(viewers: readonly Viewer[]): void {
    this.interest.update(viewers, this.visibleEntities());
  }

  /** Applies queued inputs at once, without advancing time (joins, admin changes). */
  applyNow(): WorldEvent[] {
    const events = this.step(0);
    this.syncState();
    return events;
  }

  /** Swaps in a rebuilt simulation (agent reload), keeping replicated agents that still exist. */
  replaceSimulation(sim: WorldSimulation): void {
    this.sim = sim;
    for (const id of [...this.state.agents.keys()]) {
      if (!sim.agents.has(id)) {
        this.interest.removeEverywhere(id);
        this.state.agents.delete(id);
      }
    }
    for (const agent of sim.agents.values()) if (!this.state.agents.has(agent.id)) this.state.agents.set(agent.id, newAgentState(agent));
  }

  /** The clock goes out once per game minute; clients advance it locally with clockSpeed in between. */
  publishClock(force: boolean): void {
    const minute = Math.floor(this.sim.clock.gameTime / 60);
    if (!force && minute === this.lastPublishedMinute && this.state.clockSpeed === this.sim.clock.speed) return;
    this.lastPublishedMinute = minute;
    this.state.gameTime = minute * 60;
    this.state.clockSpeed = this.sim.clock.speed;
  }

  /** Replicated entities and where they are, as of the last sync. */
  visibleEntities(): Iterable<Visible> {
    this.syncVisibles();
    return this.visibles.values();
  }

  private step(dtMs: number): WorldEvent[] {
    const inputs = this.pending;
    this.pending = [];
    return this.sim.step(dtMs, inputs);
  }

  // Iterates values and looks up by id: destructuring map entries allocates an array per entity per tick.
  private syncVisibles(): void {
    for (const visible of this.visibles.values()) {
      const entity = this.sim.agents.get(visible.id) ?? this.sim.players.get(visible.id);
      const ref = this.state.agents.get(visible.id) ?? this.state.players.get(visible.id);
      if (!entity || ref !== visible.ref) this.visibles.delete(visible.id);
      else {
        visible.x = entity.x;
        visible.y = entity.y;
      }
    }
    for (const agent of this.sim.agents.values()) this.track(agent, this.state.agents.get(agent.id));
    for (const player of this.sim.players.values()) this.track(player, this.state.players.get(player.id));
  }

  private track(entity: { id: string; x: number; y: number }, ref: Visible["ref"] | undefined): void {
    if (ref && !this.visibles.has(entity.id)) this.visibles.set(entity.id, { id: entity.id, x: entity.x, y: entity.y, ref });
  }

  private syncState(): void {
    for (const agent of this.sim.agents.values()) {
      const target = this.state.agents.get(agent.id);
      if (target) syncAgent(target, agent);
    }
    for (const player of this.sim.players.values()) {
      const target = this.state.players.get(player.id);
      if (target) syncPlayer(target, player);
    }
  }
}
