import { describe, expect, it } from "vitest";
import { InMemoryWorld, profile } from "./engine-in-memory.ts";

describe("an engine built again on the same in-memory storage (a restart)", () => {
  it("finds the conversations the last one left open closed, and knows the news and the feelings it left", async () => {
    const first = new InMemoryWorld({ profiles: [profile("mara")], characters: { ann: "Ann" }, startAt: 13 * 3600 + 60 });
    await first.engine.seedFact("mara", "fact:festival", "The harvest festival is on Sunday.");
    const left = await first.engine.playerSaid({ characterId: "ann", sessionId: "ann", name: "Ann" }, "mara", "Hello Mara!");
    await first.tick();
    const closedBefore = await first.engine.playerSaid({ characterId: "bo", sessionId: "bo", name: "Bo" }, "mara", "Nice bread today.");
    first.engine.playerLeft("bo");
    await first.tick();

    const second = new InMemoryWorld({ profiles: [profile("mara")], storage: first.storage, characters: { ann: "Ann" }, startAt: first.now });

    expect(second.storage.conversations.all().map(({ id, state, closedReason }) => ({ id, state, closedReason }))).toEqual([
      { id: left.conversationId, state: "closed", closedReason: "server_restarted" },
      { id: closedBefore.conversationId, state: "closed", closedReason: "player_left" },
    ]);
    expect(second.engine.news.knows("mara", "fact:festival")).toBe(true);
    expect(second.storage.relationships.find({ agentId: "mara", other: { type: "player", id: "bo" } })).toMatchObject({ interactions: 1 });
  });
});
