import { ScheduleFollower } from "./schedule-follower.ts";
import { checkedGameTime, checkedSpeed, GameClock } from "./clock.ts";
import { ConversationStance } from "./conversation-stance.ts";
import { MAX_FEELING_MINUTES_PER_STEP } from "./constants.ts";
import type { AgentSim, PlayerSim } from "./entities.ts";
import { feel, liveMinutes } from "./feelings.ts";
import { walkPath } from "./movement.ts";
import { observationOf } from "./observation.ts";
import { PerceptionTracker } from "./perception.ts";
import { PlayerControl } from "./player-control.ts";
import { createRng, restoreRng, type Rng } from "./rng.ts";
import { slotAt } from "./schedule.ts";
import { staleness, type AgentInput } from "./stale-input.ts";
import { RouteCache } from "./route-cache.ts";
import { snapshotOf, type WorldSnapshot } from "./snapshot.ts";
import { TileMap } from "./tile-map.ts";
import type { MapDefinition } from "./map-definition.ts";
import type { WorldEvent } from "./world-event.ts";
import type { WorldInput } from "./world-input.ts";
import { agentFromSeed, tunablesOf, type AgentSeed, type SimulationOptions, type Tunables } from "./world-setup.ts";

export type { AgentSim, PlayerSim } from "./entities.ts";
export type { Direction } from "./movement.ts";
export type { MapDefinition, TileRectangle, WorldLocation } from "./map-definition.ts";
export type { Point } from "./point.ts";
export type { ScheduleSlot } from "./schedule.ts";
export type { AgentSnapshot, PlayerSnapshot, WorldSnapshot } from "./snapshot.ts";
export type { EntityKind, WorldEvent } from "./world-event.ts";
export type { WorldInput, WorldInputType } from "./world-input.ts";
export type { AgentSeed, SimulationOptions } from "./world-setup.ts";

/**
 * The single writer of a world's state. Deterministic: the same definition, agents, options and
 * sequence of step(dtMs, inputs) calls give the same state and events. No clock, timers or I/O:
 * real time arrives as dtMs, randomness comes from the seeded rng.
 */
export class WorldSimulation {
  readonly agents = new Map<string, AgentSim>();
  readonly players = new Map<string, PlayerSim>();
  readonly clock: GameClock;
  readonly map: TileMap;
  readonly rng: Rng;
  readonly routes = new RouteCache();
  readonly tunables: Tunables;
  private readonly planner: ScheduleFollower;
  private readonly playerControl: PlayerControl;
  private readonly stance: ConversationStance;
  private readonly perception: PerceptionTracker<AgentSim, AgentSim | PlayerSim>;
  private stepsTaken = 0;
  /** Minute of day at which schedules were last checked; -1 forces a check (after set_clock). */
  private scheduleCheckedAt = -1;
  /** Game minute (since day 1, 00:00) up to which energy and mood have been lived; a set_clock jump is not lived. */
  private feelingsAt: number;
  /** Events from construction (the first schedule slots), handed out by the first step. */
  private pendingEvents: WorldEvent[] = [];
  private sightings: WorldEvent[] = [];

  constructor(definition: MapDefinition, agents: readonly AgentSeed[], options: SimulationOptions) {
    this.tunables = tunablesOf(options);
    this.map = TileMap.fromDefinition(definition);
    this.rng = options.rngState === undefined ? createRng(options.seed) : restoreRng(options.rngState);
    this.clock = new GameClock(options.gameTime, options.clockSpeed);
    this.feelingsAt = this.gameMinute();
    this.planner = new ScheduleFollower(this.map, this.routes, this.rng, this.clock);
    this.playerControl = new PlayerControl(this.map, this.players);
    this.stance = new ConversationStance(this.map, this.routes, this.agents, this.players);
    this.perception = new PerceptionTracker(this.map.width, this.map.height, this.tunables.visionRadius);
    for (const seed of agents) {
      if (this.agents.has(seed.id)) throw new Error(`agent id "${seed.id}" is given twice; every agent needs its own id`);
      this.agents.set(seed.id, agentFromSeed(seed, this.map));
    }
    this.followSchedules(this.pendingEvents);
  }

  /** Applies the inputs, then advances the clock, schedules, movement and (every few steps) perception. */
  step(dtMs: number, inputs: readonly WorldInput[]): WorldEvent[] {
    if (!Number.isFinite(dtMs) || dtMs < 0) throw new RangeError(`step needs a finite, non-negative dtMs (got ${dtMs})`);
    const events = this.pendingEvents;
    this.pendingEvents = [];
    for (const input of inputs) this.apply(input, events);
    const { dayStarted } = this.clock.advance(dtMs);
    if (dayStarted !== undefined) events.push({ type: "day_started", day: dayStarted });
    this.followSchedules(events);
    this.liveFeelings();
    this.moveEntities(dtMs, events);
    if (this.stepsTaken % this.tunables.perceptionEveryTicks === 0) this.perceive(events);
    this.stepsTaken++;
    return events;
  }

  get steps(): number {
    return this.stepsTaken;
  }

  snapshot(): WorldSnapshot {
    return snapshotOf(this.clock, this.rng.state(), this.agents.values(), this.players.values());
  }

  private apply(input: WorldInput, events: WorldEvent[]): void {
    const reject = (reason: string) => events.push({ type: "input_rejected", input: input.type, reason });
    switch (input.type) {
      case "player_join":
        if (!this.playerControl.join(input.playerId, input.name, input.x, input.y)) reject("the map has no walkable tile to place the player on");
        return;
      case "player_leave":
        if (!this.players.delete(input.playerId)) reject(`unknown player "${input.playerId}"`);
        return;
      case "player_input": {
        const player = this.players.get(input.playerId);
        if (player) this.playerControl.hold(player, input.dx, input.dy);
        else reject(`unknown player "${input.playerId}"`);
        return;
      }
      case "player_move_to": {
        const player = this.players.get(input.playerId);
        if (player) this.playerControl.moveTo(player, input, events);
        else reject(`unknown player "${input.playerId}"`);
        return;
      }
      case "set_clock":
        this.setClock(input.gameTime, input.speed, reject);
        return;
      case "agent_schedule":
        this.reschedule(input, reject);
        return;
      case "agent_talk_start": {
        const agent = this.fenced(input, reject);
        if (agent && !this.stance.start(agent, input.partner, input.approach ?? false)) reject(`unknown ${input.partner.kind} "${input.partner.id}" to talk with`);
        return;
      }
      case "agent_talk_end": {
        const agent = this.fenced(input, reject);
        if (agent) {
          this.stance.end(agent);
          this.scheduleCheckedAt = -1;
        }
        return;
      }
      case "agent_feeling":
        this.feelAbout(input, events, reject);
        return;
      default:
        input satisfies never;
    }
  }

  private setClock(gameTime: number | undefined, speed: number | undefined, reject: (reason: string) => void): void {
    try {
      if (gameTime !== undefined) checkedGameTime(gameTime);
      if (speed !== undefined) checkedSpeed(speed);
    } catch (error) {
      reject((error as Error).message);
      return;
    }
    this.clock.set(gameTime, speed);
    this.scheduleCheckedAt = -1;
    this.feelingsAt = this.gameMinute();
  }

  private feelAbout(input: Extract<WorldInput, { type: "agent_feeling" }>, events: WorldEvent[], reject: (reason: string) => void): void {
    const agent = this.fenced(input, reject);
    if (!agent) return;
    if (!Number.isFinite(input.change)) return reject(`agent_feeling for "${agent.id}" needs a finite change in valence units (got ${input.change})`);
    if (input.cause.trim() === "") return reject(`agent_feeling for "${agent.id}" needs a cause: say what happened`);
    feel(agent, input.change);
    events.push({ type: "feeling_changed", agentId: agent.id, change: input.change, cause: input.cause, mood: agent.mood });
  }

  /** Each whole game minute passed since the last step changes energy and mood by what the agents do. */
  private liveFeelings(): void {
    const minute = this.gameMinute();
    const minutes = Math.min(minute - this.feelingsAt, MAX_FEELING_MINUTES_PER_STEP);
    if (minutes <= 0) return;
    this.feelingsAt = minute;
    for (const agent of this.agents.values()) liveMinutes(agent, minutes);
  }

  private gameMinute(): number {
    return Math.floor(this.clock.gameTime / 60);
  }

  /** The agent an input from the engine is for; undefined (and the input rejected) when it is unknown or the input is stale. */
  private fenced(input: AgentInput, reject: (reason: string) => void): AgentSim | undefined {
    const agent = this.agents.get(input.agentId);
    if (!agent) return void reject(`unknown agent "${input.agentId}"`);
    const stale = staleness(agent, input);
    if (stale) return void reject(stale);
    return agent;
  }

  private reschedule(input: Extract<WorldInput, { type: "agent_schedule" }>, reject: (reason: string) => void): void {
    const agent = this.fenced(input, reject);
    if (!agent) return;
    const unknown = input.schedule.find((slot) => slot.location !== null && !this.map.location(slot.location));
    if (unknown) return reject(`unknown location "${unknown.location}" in the schedule of agent "${agent.id}"`);
    agent.schedule = [...input.schedule].sort((a, b) => a.startMinute - b.startMinute);
    // Keep doing the current thing if the new plan says the same; otherwise take up the new slot now.
    const slot = slotAt(agent.schedule, this.clock.minuteOfDay);
    const unchanged = slot && slot.activity === agent.activity && (slot.location === null || slot.location === agent.location);
    agent.currentSlotStart = unchanged ? slot.startMinute : null;
    this.scheduleCheckedAt = -1;
  }

  private followSchedules(events: WorldEvent[]): void {
    const minute = this.clock.minuteOfDay;
    if (minute === this.scheduleCheckedAt) return;
    this.scheduleCheckedAt = minute;
    for (const agent of this.agents.values()) this.planner.followSchedule(agent, minute, events);
  }

  private moveEntities(dtMs: number, events: WorldEvent[]): void {
    const { agentSpeed, playerSpeed } = this.tunables;
    for (const agent of this.agents.values()) {
      const walked = agent.path.length > 0 && walkPath(agent, agentSpeed, dtMs);
      if (agent.talkingWith) {
        if (this.stance.hold(agent, events)) this.scheduleCheckedAt = -1;
      } else if (walked) this.planner.arrive(agent, events);
    }
    for (const player of this.players.values()) this.playerControl.move(player, playerSpeed, dtMs, events);
  }

  private perceive(events: WorldEvent[]): void {
    this.sightings = events;
    this.perception.perceive(this.agents.values(), [this.agents.values(), this.players.values()], this.onSighting);
  }

  private readonly onSighting = (observer: AgentSim, subject: AgentSim | PlayerSim): void => {
    this.sightings.push(observationOf(observer, subject, this.clock.gameTime));
  };
}
