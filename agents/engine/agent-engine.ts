import type { WorldEvent, WorldInput } from "../../src/world/simulation.ts";
import type { AgentProfile } from "../cognition/profile.ts";
import type { FlowContext } from "./flow-context.ts";
import { ImportanceCache, observationKind, rateAndStore } from "./memory-flow.ts";
import { blockAt, isRest, newMind, type Mind } from "./mind.ts";
import { endTheDay } from "./night-flow.ts";
import { decomposeCurrentBlock, planTheDay } from "./planning-flow.ts";
import { considerReacting, isSalient, type Noticed } from "./reaction-flow.ts";
import { reflect } from "./reflection-flow.ts";

const SECONDS_PER_DAY = 86_400;
// Unrated observations wait at most this long (game seconds) for a full batch before being rated anyway.
const MAX_UNRATED_AGE = 3_600;

/**
 * The agent engine of one world. It turns what happens in the world (events from each tick) into
 * memories, plans, reactions, reflections and nightly reviews, and hands its decisions back as world
 * inputs. It never blocks the tick: thinking runs as background flows through the job scheduler, and
 * `drainInputs` gives the room what finished since the last tick. Knows nothing of Colyseus.
 */
export class AgentEngine {
  private readonly minds = new Map<string, Mind>();
  private readonly importance = new ImportanceCache();
  private readonly inFlight = new Set<Promise<void>>();
  private outbox: WorldInput[] = [];
  private lastMinute = -1;
  readonly errors: Error[] = [];

  constructor(
    private readonly ctx: Omit<FlowContext, "emit">,
    profiles: readonly AgentProfile[],
  ) {
    for (const profile of profiles) this.minds.set(profile.id, newMind(profile));
  }

  /** Feeds one tick's events; starts whatever thinking they call for. */
  handle(events: readonly WorldEvent[]): void {
    for (const event of events) {
      if (event.type === "observation") this.noticed(event);
      else if (event.type === "day_started") for (const mind of this.minds.values()) this.start(mind, "night", (ctx) => endTheDay(ctx, mind, event.day - 1));
    }
    const minute = Math.floor(this.ctx.gameTime() / 60);
    if (minute !== this.lastMinute) {
      this.lastMinute = minute;
      for (const mind of this.minds.values()) this.onMinute(mind);
    }
  }

  /**
   * A player spoke to an agent: remembered, and always answered with a reaction (no cooldown, first in
   * the queue). Resolves to whether the agent turned to the player.
   */
  playerSpoke(agentId: string, player: { id: string; name: string }, text: string): Promise<boolean> {
    const mind = this.minds.get(agentId);
    if (!mind) return Promise.resolve(false);
    const gameTime = this.ctx.gameTime();
    const content = `${player.name} said to me: "${text}"`;
    mind.unrated.push({ memory: { agentId, type: "conversation", content, importance: 0, relatedPlayers: [player.id], gameTime }, kind: `conversation:${content}` });
    // What a player said is remembered now, not with the next batch of observations.
    this.start(mind, "memories", (ctx) => rateAndStore(ctx, this.importance, mind));
    const subject: Noticed = { kind: "player", id: player.id, name: player.name, observation: content, spokenTo: true };
    return new Promise((resolve) => {
      const started = this.start(mind, `spoken:${player.id}:${gameTime}`, async (ctx) => resolve(await considerReacting(ctx, mind, subject)));
      if (!started) resolve(false);
    });
  }

  /** World inputs decided since the last call (agent schedules and directives). */
  drainInputs(): WorldInput[] {
    const inputs = this.outbox;
    this.outbox = [];
    return inputs;
  }

  /** Resolves when every flow started so far (and any they started) has finished. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private noticed(event: Extract<WorldEvent, { type: "observation" }>): void {
    const mind = this.minds.get(event.observerId);
    if (!mind) return;
    const memory = {
      agentId: mind.profile.id,
      type: "observation" as const,
      content: event.text,
      importance: 0,
      relatedAgents: event.subjectKind === "agent" ? [event.subjectId] : [],
      relatedPlayers: event.subjectKind === "player" ? [event.subjectId] : [],
      location: this.ctx.agent(mind.profile.id)?.location || null,
      gameTime: event.gameTime,
    };
    mind.unrated.push({ memory, kind: observationKind(event.text, event.subjectName) });
    const subject: Noticed = { kind: event.subjectKind, id: event.subjectId, name: event.subjectName, observation: event.text };
    if (isSalient(this.context(), mind, subject)) this.start(mind, `react:${subject.id}`, async (ctx) => void (await considerReacting(ctx, mind, subject)));
  }

  private onMinute(mind: Mind): void {
    const now = this.ctx.gameTime();
    const day = Math.floor(now / SECONDS_PER_DAY) + 1;
    const minuteOfDay = Math.floor((now % SECONDS_PER_DAY) / 60);
    if (mind.plannedDay !== day) {
      this.start(mind, "plan", (ctx) => planTheDay(ctx, mind, day));
      return;
    }
    const current = blockAt(mind.blocks, minuteOfDay);
    if (current && isRest(current.block.activity) && minuteOfDay >= 12 * 60) this.start(mind, "night", (ctx) => endTheDay(ctx, mind, day));
    else this.start(mind, "actions", (ctx) => decomposeCurrentBlock(ctx, mind, minuteOfDay));
    const oldest = mind.unrated[0]?.memory.gameTime;
    if (mind.unrated.length >= this.ctx.settings.importanceBatchSize || (oldest !== undefined && now - oldest >= MAX_UNRATED_AGE)) {
      this.start(mind, "memories", (ctx) => rateAndStore(ctx, this.importance, mind));
    }
    if (mind.importanceSinceReflection >= this.ctx.settings.reflectionThreshold) this.start(mind, "reflect", (ctx) => reflect(ctx, mind));
  }

  /** Runs a flow unless the same one is already running for this agent; failures are logged, never thrown. */
  private start(mind: Mind, flow: string, run: (ctx: FlowContext) => Promise<void>): boolean {
    if (mind.busy.has(flow)) return false;
    mind.busy.add(flow);
    const promise = run(this.context())
      .catch((error: Error) => {
        this.errors.push(error);
        this.ctx.log.warn({ agent: mind.profile.id, flow, err: error.message }, "agent thinking failed; the agent keeps to its current plan");
      })
      .finally(() => {
        mind.busy.delete(flow);
        this.inFlight.delete(promise);
      });
    this.inFlight.add(promise);
    return true;
  }

  private context(): FlowContext {
    return { ...this.ctx, emit: (input) => this.outbox.push(input) };
  }
}
