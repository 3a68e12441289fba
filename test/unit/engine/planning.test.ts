import { describe, expect, it } from "vitest";
import { InMemoryWorld, profile, schedulesFor } from "./engine-in-memory.ts";
import { scriptedProvider } from "./scripted-provider.ts";

const DAY = 86_400;

describe("planning on in-memory ports", () => {
  it("turns the model's day plan into the agent's schedule, stores the plan and remembers it", async () => {
    const llm = scriptedProvider({
      day_plan: () => ({ strokes: ["bake the morning loaves", "sell at the square", "sleep early"] }),
      hour_blocks: () => ({
        blocks: [
          { start: "6:00", activity: "bake the morning loaves", location: "bakery" },
          { start: "13:00", activity: "sell at the square", location: "square" },
          { start: "15:00", activity: "look at the moon", location: "moon" },
          { start: "21:00", activity: "sleep", location: null },
        ],
      }),
    });
    const world = new InMemoryWorld({ profiles: [profile("mara")], llm });

    const inputs = await world.tick();

    const planned = [
      { startMinute: 6 * 60, activity: "bake the morning loaves", location: "bakery" },
      { startMinute: 13 * 60, activity: "sell at the square", location: "square" },
      // A place the world does not have: the agent stays where it is.
      { startMinute: 15 * 60, activity: "look at the moon", location: null },
      { startMinute: 21 * 60, activity: "sleep", location: null },
    ];
    expect(schedulesFor(inputs, "mara")[0]).toEqual(planned);
    expect(world.storage.cognition.plans).toMatchObject([{ agentId: "mara", day: 1, strokes: ["bake the morning loaves", "sell at the square", "sleep early"], status: "active" }]);
    expect(world.storage.cognition.scheduleOf("mara")).toEqual(planned);
    expect(world.memories("mara", "plan")).toEqual(["My plan for day 1: bake the morning loaves; sell at the square; sleep early"]);
  });

  it("breaks the current block into short actions on the next minute, keeping the rest of the day's blocks", async () => {
    const llm = scriptedProvider({
      block_actions: () => ({ actions: [{ minute: 0, activity: "knead the dough", location: null }, { minute: 20, activity: "shape the loaves", location: null }, { minute: 40, activity: "fetch flour", location: "square" }] }),
    });
    const world = new InMemoryWorld({ profiles: [profile("mara")], llm, startAt: 6 * 3600 + 60 });
    const [plan] = schedulesFor(await world.tick(), "mara");

    const [actions] = schedulesFor(await world.pass(60), "mara");

    expect(actions).toEqual([
      ...plan!.filter((slot) => slot.startMinute > 6 * 60),
      { startMinute: 6 * 60, activity: "knead the dough", location: "bakery" },
      { startMinute: 6 * 60 + 20, activity: "shape the loaves", location: "bakery" },
      { startMinute: 6 * 60 + 40, activity: "fetch flour", location: "square" },
    ].sort((a, b) => a.startMinute - b.startMinute));
    // The block is decomposed once: the following minutes hand the world nothing new.
    expect(schedulesFor(await world.pass(5 * 60), "mara")).toEqual([]);
  });

  it("ends the day with a review when a new day starts and plans the new day, the old plan completed", async () => {
    const world = new InMemoryWorld({ profiles: [profile("mara")], startAt: 20 * 3600 });
    await world.tick();
    expect(world.storage.cognition.plans.map((plan) => plan.day)).toEqual([1]);

    world.now = DAY + 6 * 3600;
    const inputs = await world.tick([{ type: "day_started", day: 2 }]);

    expect(world.storage.cognition.reviews).toMatchObject([{ agentId: "mara" }]);
    expect(world.memories("mara", "metacognition")).toHaveLength(1);
    expect(world.storage.cognition.plans.map(({ day, status }) => ({ day, status }))).toEqual([
      { day: 1, status: "completed" },
      { day: 2, status: "active" },
    ]);
    expect(schedulesFor(inputs, "mara")).toHaveLength(1);
  });

  it("keeps today's plan across a restart: a new engine on the same storage hands the saved schedule back without planning again", async () => {
    const first = new InMemoryWorld({ profiles: [profile("mara")] });
    const [planned] = schedulesFor(await first.tick(), "mara");
    first.storage.minds.save(first.engine.mindSnapshots().map(({ agentId, snapshot }) => ({ agentId, snapshot, gameTime: first.now })));

    const second = new InMemoryWorld({ profiles: [profile("mara")], storage: first.storage, startAt: first.now + 60 });

    expect(schedulesFor(second.inputs, "mara")).toEqual([planned]);
    await second.tick();
    expect(second.storage.cognition.plans).toHaveLength(1);
  });
});
