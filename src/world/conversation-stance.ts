import type { AgentSim, PlayerSim } from "./entities.ts";
import { directionOf } from "./movement.ts";
import type { Point } from "./point.ts";
import { tileOf } from "./point.ts";
import type { RouteCache } from "./route-cache.ts";
import type { TileMap } from "./tile-map.ts";
import type { WorldEvent } from "./world-event.ts";

export interface TalkPartner {
  kind: "agent" | "player";
  id: string;
}

const NEIGHBOURS: readonly Point[] = [
  { x: 1, y: 0 },
  { x: -1, y: 0 },
  { x: 0, y: 1 },
  { x: 0, y: -1 },
];

/**
 * How agents hold a conversation in the world: they stop what they do (or walk up to the other), face
 * whom they talk to, and when it ends take up their schedule again. Pure; the agent engine decides who
 * talks, this only moves bodies.
 */
export class ConversationStance {
  constructor(
    private readonly map: TileMap,
    private readonly routes: RouteCache,
    private readonly agents: ReadonlyMap<string, AgentSim>,
    private readonly players: ReadonlyMap<string, PlayerSim>,
  ) {}

  /** Starts talking: stops, or with `approach` walks next to the partner first. False when the partner is unknown. */
  start(agent: AgentSim, partner: TalkPartner, approach: boolean): boolean {
    const other = this.partnerOf(partner);
    if (!other) return false;
    agent.generation++;
    agent.talkingWith = partner;
    agent.destination = null;
    agent.pendingActivity = null;
    agent.activity = `talking with ${other.name}`;
    agent.path = approach ? this.routeNextTo(agent, other) : [];
    agent.moving = agent.path.length > 0;
    if (!agent.moving) this.face(agent, other);
    return true;
  }

  /** Back to the schedule: the slot in effect is taken up again at the next schedule check. */
  end(agent: AgentSim): void {
    agent.talkingWith = null;
    agent.currentSlotStart = null;
  }

  /** Each step: talkers who have arrived face their partner; a partner who left ends the talk. */
  hold(agent: AgentSim, events: WorldEvent[]): boolean {
    if (!agent.talkingWith) return false;
    const other = this.partnerOf(agent.talkingWith);
    if (!other) {
      events.push({ type: "talk_ended", agentId: agent.id, partnerId: agent.talkingWith.id, reason: "partner_left" });
      this.end(agent);
      return true;
    }
    if (agent.path.length === 0) {
      agent.moving = false;
      this.face(agent, other);
    }
    return false;
  }

  private partnerOf(partner: TalkPartner): AgentSim | PlayerSim | undefined {
    return partner.kind === "agent" ? this.agents.get(partner.id) : this.players.get(partner.id);
  }

  private face(agent: AgentSim, other: Point): void {
    agent.direction = directionOf(other.x - agent.x, other.y - agent.y, agent.direction);
  }

  /** A walkable tile beside the partner, the nearest to the agent; none (stay) when already close or boxed in. */
  private routeNextTo(agent: AgentSim, other: Point): Point[] {
    const from = tileOf(agent);
    const at = tileOf(other);
    if (Math.abs(from.x - at.x) + Math.abs(from.y - at.y) <= 1) return [];
    const candidates = NEIGHBOURS.map((step) => ({ x: at.x + step.x, y: at.y + step.y }))
      .filter((tile) => this.map.isWalkable(tile.x, tile.y))
      .sort((a, b) => Math.hypot(a.x - from.x, a.y - from.y) - Math.hypot(b.x - from.x, b.y - from.y));
    for (const tile of candidates) {
      const route = this.routes.cachedPath(this.map, from, tile);
      if (route) return route.slice();
    }
    return [];
  }
}
