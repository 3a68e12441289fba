import { describe, expect, it } from "vitest";
import { designedRelationship } from "../../../agents/engine/in-memory/relationships.ts";
import { InMemoryWorld, profile } from "./engine-in-memory.ts";
import { scriptedProvider } from "./scripted-provider.ts";

const ANN = { characterId: "ann", sessionId: "ann", name: "Ann" };

describe("conversations on in-memory ports", () => {
  it("a player's line is stored and remembered, the agent turns to the player and answers in a streamed line, and the talk closes when it goes quiet", async () => {
    const world = new InMemoryWorld({ profiles: [profile("mara")], characters: { ann: "Ann" }, startAt: 13 * 3600 + 60 });
    await world.tick();

    const said = await world.engine.playerSaid(ANN, "mara", "Good afternoon! Is the bread fresh today?");
    const inputs = await world.tick();

    expect(inputs.filter((input) => input.type === "agent_talk_start")).toMatchObject([{ agentId: "mara", partner: { kind: "player", id: "ann" } }]);
    const reply = world.chat.filter((line) => !line.partial);
    expect(reply).toMatchObject([{ conversationId: said.conversationId, speakerId: "mara", listener: "ann" }]);
    expect(world.chat.filter((line) => line.partial).map((line) => line.text).join("")).toBe(reply[0]!.text);
    expect(world.storage.conversations.lines(said.conversationId).map((line) => [line.speaker.id, line.text])).toEqual([
      ["ann", "Good afternoon! Is the bread fresh today?"],
      ["mara", reply[0]!.text],
    ]);
    expect(world.memories("mara", "conversation")).toContain('Ann said to me: "Good afternoon! Is the bread fresh today?"');
    // Sent again (the client retried): the same line, stored once.
    const again = await world.engine.playerSaid(ANN, "mara", "Good afternoon! Is the bread fresh today?", "m-1");
    const retried = await world.engine.playerSaid(ANN, "mara", "Good afternoon! Is the bread fresh today?", "m-1");
    expect(retried).toEqual({ ...again, duplicate: true });

    await world.pass(15 * 60);
    expect(world.storage.conversations.all()).toMatchObject([{ id: said.conversationId, kind: "player_agent", state: "closed", closedReason: "timeout" }]);
    expect(world.storage.relationships.find({ agentId: "mara", other: { type: "player", id: "ann" } })).toMatchObject({ interactions: 1 });
  });

  it("two friends who meet talk in turns up to the cap, then both go back to their day and remember the talk", async () => {
    const llm = scriptedProvider({
      reaction: () => ({ react: false, reason: "talking anyway" }),
      conversation_turn: (context: { transcript: unknown[] }) => ({ line: `Line ${context.transcript.length + 1} about the harvest.`, end: false, shares: 0 }),
    });
    const world = new InMemoryWorld({
      profiles: [profile("mara"), profile("otto")],
      relationships: [designedRelationship({ agentId: "mara", other: { type: "agent", id: "otto" } }, { type: "friend", affection: 50, trust: 70 })],
      conversations: { npcChattiness: 10, npcTurnCap: 4, npcTurnGapSeconds: 10 },
      llm,
      startAt: 13 * 3600 + 60,
    });
    await world.tick();
    await world.tick([world.seen("mara", { kind: "agent", id: "otto", name: "Otto" })]);

    const inputs = await world.pass(2 * 60, 5);

    const [conversation] = world.storage.conversations.all();
    expect(conversation).toMatchObject({ kind: "agent_agent", a: { id: "mara" }, b: { id: "otto" }, state: "closed", closedReason: "turn_cap", turns: 4 });
    expect(world.storage.conversations.lines(conversation!.id).map((line) => [line.speaker.id, line.text])).toEqual([
      ["mara", "Line 1 about the harvest."],
      ["otto", "Line 2 about the harvest."],
      ["mara", "Line 3 about the harvest."],
      ["otto", "Line 4 about the harvest."],
    ]);
    expect(inputs.filter((input) => input.type === "agent_talk_end")).toMatchObject([{ agentId: "mara" }, { agentId: "otto" }]);
    expect(world.chat.map((line) => line.speakerId)).toEqual(["mara", "otto", "mara", "otto"]);
    for (const agent of ["mara", "otto"]) expect(world.memories(agent, "conversation").length).toBeGreaterThan(0);
    expect(conversation!.summary).not.toBeNull();
  });

  it("a talk the world ends (one of them was moved away) closes as interrupted and both go back to their day", async () => {
    const world = new InMemoryWorld({
      profiles: [profile("mara"), profile("otto")],
      relationships: [designedRelationship({ agentId: "mara", other: { type: "agent", id: "otto" } }, { type: "friend", affection: 50, trust: 70 })],
      conversations: { npcChattiness: 10, npcTurnCap: 8, npcTurnGapSeconds: 10 },
      startAt: 13 * 3600 + 60,
    });
    await world.tick();
    await world.tick([world.seen("mara", { kind: "agent", id: "otto", name: "Otto" })]);
    await world.pass(15, 5);

    const inputs = await world.tick([{ type: "talk_ended", agentId: "otto", partnerId: "mara", reason: "partner_left" }]);

    expect(inputs.filter((input) => input.type === "agent_talk_end")).toMatchObject([{ agentId: "mara" }, { agentId: "otto" }]);
    const [conversation] = world.storage.conversations.all();
    expect(conversation).toMatchObject({ state: "closed", closedReason: "interrupted" });
    expect(conversation!.turns).toBeGreaterThan(0);
    expect(conversation!.turns).toBe(world.storage.conversations.lines(conversation!.id).length);
  });
});
