import { describe, expect, it } from "vitest";
import { InMemoryWorld, profile } from "./engine-in-memory.ts";
import { scriptedProvider } from "./scripted-provider.ts";

type InsightsContext = { questions: { question: string; memories: { id: string; content: string }[] }[] };

describe("reflection on in-memory ports", () => {
  it("once the rated importance of new memories passes the threshold, the agent reflects: insights become reflection memories citing their evidence", async () => {
    const llm = scriptedProvider({
      importance_ratings: (context: { memories: unknown[] }) => ({ ratings: context.memories.map((_, index) => ({ index, importance: 9, emotion: 0.5 })) }),
      reflection_questions: () => ({ questions: ["Who keeps coming by the bakery?"] }),
      reflection_insights: (context: InsightsContext) => ({ insights: [{ insight: "Many neighbours pass by the bakery.", evidence: context.questions[0]!.memories.slice(0, 2).map((memory) => memory.id) }] }),
    });
    const world = new InMemoryWorld({ profiles: [profile("mara")], llm, settings: { reflectionThreshold: 30, importanceBatchSize: 4 }, startAt: 13 * 3600 + 60 });
    await world.tick();
    await world.tick(["Tom", "Lena", "Ivo", "Rosa"].map((name) => world.seen("mara", { kind: "agent", id: name.toLowerCase(), name }, "walks past the bakery")));
    expect(world.storage.cognition.reflections).toEqual([]);

    await world.pass(2 * 60);

    expect(world.memories("mara", "observation")).toHaveLength(4);
    expect(world.memories("mara", "reflection")).toEqual(["Many neighbours pass by the bakery."]);
    const [reflection] = world.storage.cognition.reflections;
    expect(reflection).toMatchObject({ agentId: "mara", text: "Many neighbours pass by the bakery.", gameTime: world.now });
    expect(reflection!.evidence).toHaveLength(2);
    for (const id of reflection!.evidence) expect(world.storage.memory.find(id)).toMatchObject({ agentId: "mara", type: "observation", importance: 9 });
    expect(world.storage.memory.find(reflection!.memoryId)).toMatchObject({ type: "reflection" });
    expect(world.engine.mindSnapshots()[0]!.snapshot).toMatchObject({ lastReflectionDay: 1 });

    // What led to it is spent: the next minutes bring no second reflection.
    await world.pass(10 * 60);
    expect(world.storage.cognition.reflections).toHaveLength(1);
  });

  it("below the threshold nothing is reflected on until the night, when every agent reflects on its day", async () => {
    const llm = scriptedProvider({ reflection_questions: () => ({ questions: ["What did I do today?"] }) });
    const world = new InMemoryWorld({ profiles: [profile("mara")], llm, startAt: 20 * 3600 });
    await world.tick();
    await world.pass(30 * 60);
    expect(llm.calls.filter((call) => call.name === "reflection_questions")).toEqual([]);

    world.now = 86_400 + 60;
    await world.tick([{ type: "day_started", day: 2 }]);

    expect(llm.calls.filter((call) => call.name === "reflection_questions")).toHaveLength(1);
    expect(world.memories("mara", "reflection").length).toBeGreaterThan(0);
    expect(world.storage.cognition.reviews).toHaveLength(1);
  });
});
