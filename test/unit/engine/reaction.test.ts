import { describe, expect, it } from "vitest";
import { designedRelationship } from "../../../agents/engine/in-memory/relationships.ts";
import { REACTION_MINUTES } from "../../../agents/engine/mind.ts";
import { InMemoryWorld, profile, schedulesFor } from "./engine-in-memory.ts";
import { scriptedProvider } from "./scripted-provider.ts";

const ANN = { kind: "player" as const, id: "ann", name: "Ann" };

describe("reactions on in-memory ports", () => {
  it("a player coming into view leads to a reaction laid over the plan, then the interrupted step resumes; not again within the cooldown", async () => {
    const llm = scriptedProvider({ reaction: () => ({ react: true, activity: "waving at Ann", reason: "a new face" }) });
    const world = new InMemoryWorld({ profiles: [profile("mara")], llm, characters: { ann: "Ann" }, startAt: 13 * 3600 + 60 });
    await world.tick();
    const minute = Math.floor(world.now / 60) % 1440;

    const [reacted] = schedulesFor(await world.tick([world.seen("mara", ANN, "is looking at the bread")]), "mara");

    expect(reacted).toContainEqual({ startMinute: minute, activity: "waving at Ann", location: null });
    expect(reacted).toContainEqual(expect.objectContaining({ startMinute: minute + REACTION_MINUTES, location: "square" }));
    expect(llm.calls.filter((call) => call.name === "reaction")).toMatchObject([{ context: { observation: "Ann is looking at the bread", subject: { kind: "player", id: "ann" } } }]);

    await world.pass(10 * 60);
    await world.tick([world.seen("mara", ANN, "is still here")]);
    expect(llm.calls.filter((call) => call.name === "reaction")).toHaveLength(1);
  });

  it("an agent the observer has no feelings about is not thought about, only remembered once its rating is due", async () => {
    const llm = scriptedProvider({});
    const world = new InMemoryWorld({ profiles: [profile("mara")], llm, startAt: 13 * 3600 + 60 });
    await world.tick();

    await world.tick([world.seen("mara", { kind: "agent", id: "tom", name: "Tom" }, "is carrying a ladder")]);
    expect(llm.calls.filter((call) => call.name === "reaction")).toEqual([]);
    expect(world.memories("mara", "observation")).toEqual([]);

    await world.pass(60 * 60);
    expect(world.memories("mara", "observation")).toEqual(["Tom is carrying a ladder"]);
  });

  it("a friend coming into view is thought about, with the feelings toward them, and the two stop to talk", async () => {
    const llm = scriptedProvider({ reaction: () => ({ react: false, reason: "busy" }) });
    const world = new InMemoryWorld({
      profiles: [profile("mara"), profile("otto")],
      relationships: [designedRelationship({ agentId: "mara", other: { type: "agent", id: "otto" } }, { type: "friend", affection: 50, trust: 70 })],
      conversations: { npcChattiness: 10 },
      llm,
      startAt: 13 * 3600 + 60,
    });
    await world.tick();

    const inputs = await world.tick([world.seen("mara", { kind: "agent", id: "otto", name: "Otto" }, "is selling bread")]);

    expect(llm.calls.filter((call) => call.name === "reaction")).toMatchObject([{ context: { subject: { id: "otto" }, relationship: { affection: 50 } } }]);
    expect(inputs.filter((input) => input.type === "agent_talk_start")).toMatchObject([
      { agentId: "mara", partner: { kind: "agent", id: "otto" }, approach: true },
      { agentId: "otto", partner: { kind: "agent", id: "mara" } },
    ]);
  });
});
