import { describe, expect, it } from "vitest";
import { gameTimeOf } from "../../../src/shared-kernel/game-time.ts";
import { WorldSimulation } from "../../../src/world/simulation.ts";
import { heartwood } from "./world-fixtures.ts";

describe("daily routines reuse routes", () => {
  it("an agent goes to the same spot of a location every day, so the second day's walks come from the route cache", async () => {
    const { definition, agents } = await heartwood();
    const start = gameTimeOf(1, 6 * 60);
    const sim = new WorldSimulation(definition, agents, { seed: 7, gameTime: start, clockSpeed: 600 });
    const arrivalsByDay: Map<string, string>[] = [new Map(), new Map()];
    let missesAfterDayOne = 0;
    while (sim.clock.gameTime < start + 2 * 86_400) {
      const day = sim.clock.gameTime < start + 86_400 ? 0 : 1;
      if (day === 1 && missesAfterDayOne === 0) missesAfterDayOne = sim.routes.misses;
      for (const event of sim.step(250, [])) {
        if (event.type !== "arrived" || event.entityKind !== "agent" || !event.location) continue;
        const agent = sim.agents.get(event.entityId)!;
        arrivalsByDay[day]!.set(`${agent.id}@${event.location}`, `${Math.round(agent.x)},${Math.round(agent.y)}`);
      }
    }
    const [first, second] = arrivalsByDay as [Map<string, string>, Map<string, string>];
    let compared = 0;
    for (const [key, spot] of second) {
      if (!first.has(key)) continue;
      expect(spot, key).toBe(first.get(key));
      compared++;
    }
    expect(compared).toBeGreaterThan(agents.length * 3);
    expect(sim.routes.hits).toBeGreaterThan(agents.length * 3);
    // Day two plans almost nothing new: its walks are the same tile pairs as day one's.
    expect(sim.routes.misses - missesAfterDayOne).toBeLessThan(sim.routes.hits);
  });
});
