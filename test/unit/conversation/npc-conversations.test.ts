import { beforeEach, describe, expect, it } from "vitest";
import { profile, World } from "./social-world.ts";

describe("conversations between agents", () => {
  let world: World;
  const friends = { b: "friend: old friends" };

  beforeEach(() => {
    world = new World({ npcTurnCap: 4, npcTurnGapSeconds: 10, npcPairCooldownMinutes: 120, npcAgentCooldownMinutes: 30 }, [profile("a", { relationships: friends }), profile("b", { relationships: { a: "friend" } }), profile("c")]);
  });

  it("start when friends meet: both stop and face each other, lines alternate, and the talk ends at the turn cap", async () => {
    world.npcs.met("a", "b");
    expect(world.inputs).toEqual([
      { type: "agent_talk_start", agentId: "a", partner: { kind: "agent", id: "b" }, approach: true, generation: 0 },
      { type: "agent_talk_start", agentId: "b", partner: { kind: "agent", id: "a" }, generation: 0 },
    ]);
    await world.pass(10 * 60);
    expect(world.lines.map((line) => line.speaker)).toEqual(["a", "b", "a", "b"]);
    expect(world.closed).toEqual([{ id: world.lines[0]!.conversationId, reason: "turn_cap", turns: 4 }]);
    expect(world.inputs.slice(2)).toEqual([
      { type: "agent_talk_end", agentId: "a", partner: { kind: "agent", id: "b" } },
      { type: "agent_talk_end", agentId: "b", partner: { kind: "agent", id: "a" } },
    ]);
    expect(world.chat.every((line) => !line.partial && line.listener === null)).toBe(true);
    // Each remembers the conversation and how it felt about it.
    expect(world.memories.filter((m) => m.type === "conversation").map((m) => m.agentId).sort()).toEqual(["a", "b"]);
    // The opener recalls what goes with the partner, the place, the part of the day and the work it stopped; each answer, what was just
    // said to it; and every speaker, the news it could tell the other.
    const queries = world.recalls.map((recall) => recall.query);
    expect(queries.filter((query) => !query.startsWith("news and happenings")).slice(0, 4)).toEqual([
      "B | square | morning | work",
      `${world.lines[0]!.text} | A`,
      `${world.lines[1]!.text} | B`,
      `${world.lines[2]!.text} | A`,
    ]);
    expect(queries.filter((query) => query.startsWith("news and happenings")).slice(0, 2)).toEqual(["news and happenings I heard about lately | B", "news and happenings I heard about lately | A"]);
  });

  it("respect the per-agent and per-pair cooldowns", async () => {
    world = new World({ npcTurnCap: 4, npcTurnGapSeconds: 10, npcPairCooldownMinutes: 120, npcAgentCooldownMinutes: 30, npcChattiness: 100 }, [profile("a"), profile("b"), profile("c")]);
    const started = () => world.inputs.filter((input) => input.type === "agent_talk_start").length / 2;
    world.npcs.met("a", "b");
    await world.pass(10 * 60);
    world.npcs.met("a", "b");
    world.npcs.met("a", "c");
    expect(started()).toBe(1);
    // Past a's own cooldown: it talks with c, but not yet with b again.
    await world.pass(25 * 60, 60);
    world.npcs.met("b", "a");
    expect(started()).toBe(1);
    world.npcs.met("a", "c");
    expect(started()).toBe(2);
    await world.pass(100 * 60, 60);
    world.npcs.met("a", "b");
    expect(started()).toBe(3);
  });

  it("stay quiet at night and while someone is already talking", async () => {
    world.now = 23 * 3600;
    world.npcs.met("a", "b");
    expect(world.inputs).toEqual([]);
    world.now = 10 * 3600;
    world.bodies.get("b")!.talkingWith = { kind: "player", id: "p1" };
    world.npcs.met("a", "b");
    expect(world.inputs).toEqual([]);
  });

  it("pass news on from the memory that carries it: the listener learns the fact and remembers who told it", async () => {
    await world.seedNews("a", "fact:fair", "The fair opens on Sunday.");
    world.npcs.met("a", "b");
    await world.pass(10 * 60);
    expect(world.news.knows("b", "fact:fair")).toBe(true);
    expect(world.memories).toContainEqual(expect.objectContaining({ agentId: "b", content: "A told me: The fair opens on Sunday.", relatedAgents: ["a"] }));
    expect(world.npcs.counts.factsPassed).toBe(1);
  });

  it("count toward each side's next reflection, and leave a feeling that is not a reflection", async () => {
    world.npcs.met("a", "b");
    await world.pass(10 * 60);
    for (const id of ["a", "b"]) {
      const remembered = world.memories.filter((m) => m.agentId === id);
      expect(remembered.map((m) => m.type).sort()).toEqual(["conversation", "feeling"]);
      expect(world.minds.get(id)!.importanceSinceReflection).toBe(remembered.reduce((sum, m) => sum + m.importance, 0));
      expect(world.minds.get(id)!.importanceSinceReflection).toBeGreaterThan(0);
    }
  });
});
