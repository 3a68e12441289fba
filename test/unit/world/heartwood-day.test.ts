import { beforeAll, describe, expect, it } from "vitest";
import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";
import { slotAt } from "../../../src/world/schedule.ts";
import { WorldSimulation, type AgentSeed, type WorldEvent } from "../../../src/world/simulation.ts";
import type { WorldDefinition } from "../../../src/content/world-definition.ts";
import { heartwood } from "./world-fixtures.ts";

describe("a full game day in Heartwood Valley", () => {
  let definition: WorldDefinition;
  let agents: AgentSeed[];
  const started: Extract<WorldEvent, { type: "activity_started" }>[] = [];
  const problems: string[] = [];
  let arrivals = 0;
  let sim: WorldSimulation;
  const start = gameTimeOf(1, 6 * 60);

  beforeAll(async () => {
    ({ definition, agents } = await heartwood());
    sim = new WorldSimulation(definition, agents, { seed: 2024, gameTime: start, clockSpeed: 60 });
    // 06:00 to 05:59 the next day at 60x is about 1,440 real seconds: 5,756 steps of 250 ms.
    while (sim.clock.gameTime < start + 86_400 - 60) {
      for (const event of sim.step(250, [])) {
        if (event.type === "arrived") arrivals++;
        if (event.type === "no_path") problems.push(`${event.entityId} found no path to (${event.to.x}, ${event.to.y})`);
        if (event.type !== "activity_started") continue;
        started.push(event);
        const agent = sim.agents.get(event.agentId)!;
        if (!sim.map.isInLocation(event.location, Math.round(agent.x), Math.round(agent.y))) problems.push(`${agent.id} started "${event.activity}" outside ${event.location}`);
      }
      for (const agent of sim.agents.values()) {
        if (!sim.map.isWalkable(Math.round(agent.x), Math.round(agent.y))) problems.push(`${agent.id} stands on a blocked tile at (${agent.x}, ${agent.y})`);
      }
    }
  });

  it("loads twelve agents with schedules", () => {
    expect(agents).toHaveLength(12);
    for (const agent of agents) expect(agent.schedule.length).toBeGreaterThan(3);
  });

  it("every agent reaches every scheduled location and starts each activity there, in order", () => {
    expect(problems).toEqual([]);
    // Most slots are somewhere else than the one before: the agents really walked there.
    expect(arrivals).toBeGreaterThan(agents.length * 5);
    for (const agent of agents) {
      const first = slotAt(agent.schedule, 6 * 60)!;
      const firstIndex = agent.schedule.indexOf(first);
      // The slot in effect at 06:00, every later one, and that first one again unless it started at 06:00 sharp
      // (a slot from the evening before or from before 06:00 comes round again before 05:59 the next day).
      const rotated = [...agent.schedule.slice(firstIndex), ...agent.schedule.slice(0, firstIndex)];
      const expected = rotated.map((slot) => ({ activity: slot.activity, location: slot.location }));
      if (first.startMinute !== 6 * 60) expected.push({ activity: first.activity, location: first.location });
      const actual = started.filter((event) => event.agentId === agent.id).map(({ activity, location }) => ({ activity, location }));
      expect(actual, agent.id).toEqual(expected);
    }
  });

  it("starts each activity after its slot begins", () => {
    for (const event of started) {
      const agent = agents.find((candidate) => candidate.id === event.agentId)!;
      const minute = Math.floor((event.gameTime % 86_400) / 60);
      expect(slotAt(agent.schedule, minute)!.activity, `${event.agentId} at ${minute}`).toBe(event.activity);
    }
  });
});
