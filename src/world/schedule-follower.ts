import type { GameClock } from "./clock.ts";
import type { AgentSim } from "./entities.ts";
import { tileOf } from "./point.ts";
import type { Rng } from "./rng.ts";
import type { RouteCache } from "./route-cache.ts";
import { slotAt } from "./schedule.ts";
import type { TileMap } from "./tile-map.ts";
import type { WorldEvent } from "./world-event.ts";

/** Turns "do this there" (from the schedule or the agent engine) into a walk and, on arrival, an activity. */
export class ScheduleFollower {
  constructor(
    private readonly map: TileMap,
    private readonly routes: RouteCache,
    private readonly rng: Rng,
    private readonly clock: GameClock,
  ) {}

  /** Takes up the schedule slot in effect at minuteOfDay, unless the agent already has it. */
  followSchedule(agent: AgentSim, minuteOfDay: number, events: WorldEvent[]): void {
    if (agent.talkingWith) return;
    const slot = slotAt(agent.schedule, minuteOfDay);
    if (!slot || slot.startMinute === agent.currentSlotStart) return;
    agent.currentSlotStart = slot.startMinute;
    this.plan(agent, slot.activity, slot.location, events);
  }

  /**
   * A new plan: walk to the agent's usual tile of `location` and do `activity` there, or do it where
   * the agent stands when location is null, already around it, unknown, or out of reach.
   */
  plan(agent: AgentSim, activity: string, location: string | null, events: WorldEvent[]): void {
    agent.generation++;
    agent.talkingWith = null;
    agent.path = [];
    agent.destination = null;
    agent.pendingActivity = null;
    agent.moving = false;
    const tile = tileOf(agent);
    if (location === null || this.map.isInLocation(location, tile.x, tile.y)) {
      this.startActivity(agent, activity, location ?? agent.location, events);
      return;
    }
    // An unknown or fully blocked location is a designer's typo the loader has warned about: stay put.
    const target = this.usualSpot(agent, location);
    if (!target) {
      this.startActivity(agent, activity, agent.location, events);
      return;
    }
    const route = this.routes.cachedPath(this.map, tile, target);
    if (!route) {
      events.push({ type: "no_path", entityKind: "agent", entityId: agent.id, to: target });
      this.startActivity(agent, activity, agent.location, events);
      return;
    }
    agent.destination = location;
    agent.pendingActivity = activity;
    agent.activity = `walking to ${location}`;
    agent.path = route.slice();
    agent.moving = agent.path.length > 0;
    if (!agent.moving) this.arrive(agent, events);
  }

  /** Called when the agent has walked onto the last tile of its path. */
  arrive(agent: AgentSim, events: WorldEvent[]): void {
    const location = agent.destination ?? agent.location;
    const activity = agent.pendingActivity ?? agent.activity;
    agent.destination = null;
    agent.pendingActivity = null;
    events.push({ type: "arrived", entityKind: "agent", entityId: agent.id, location });
    this.startActivity(agent, activity, location, events);
  }

  private usualSpot(agent: AgentSim, location: string) {
    const known = agent.usualSpots.get(location);
    if (known) return known;
    const picked = this.map.randomWalkableTileIn(location, this.rng);
    if (picked) agent.usualSpots.set(location, picked);
    return picked;
  }

  private startActivity(agent: AgentSim, activity: string, location: string, events: WorldEvent[]): void {
    agent.activity = activity;
    agent.location = location;
    events.push({ type: "activity_started", agentId: agent.id, activity, location, gameTime: Math.floor(this.clock.gameTime) });
  }
}
