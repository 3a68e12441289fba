import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, register } from "../support/accounts.ts";
import { conversationWorld } from "../support/conversation-world.ts";
import { backend } from "../support/database.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { guestTellsLinaASecret, SECRET, tracesOf, type Guest } from "../support/player-secret.ts";

async function agentAnswer(server: RunningServer, query: string, token?: string): Promise<any> {
  const response = await fetch(`${server.httpUrl}/api/worlds/meadow/agents/lina?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(response.status).toBe(200);
  return response.json();
}

describe(`what the inspector API shows of players (${backend})`, () => {
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof conversationWorld>>;
  let guest: Guest;

  beforeAll(async () => {
    world = await conversationWorld({ conversations: { npcChattiness: 0 } });
    server = await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", INTEREST_RADIUS: "40" });
    await server.game.db.pool.query(
      "INSERT INTO agent_memories (agent_id, memory_type, content, importance_score, game_time) VALUES ('lina', 'observation', 'The tulips need water.', 3, 0)",
    );
    guest = await guestTellsLinaASecret(server, "Casey");
  });
  afterAll(async () => {
    await server?.stop();
    await world?.cleanup();
  });

  it("without a token or with a player's token, an agent shows nothing a player said, no sighting of a player and no player character", async () => {
    for (const token of [undefined, await register(server.httpUrl, "curious")]) {
      const answer = await agentAnswer(server, "memories=100&reflections=100", token);
      expect(answer.playerData).toBe("hidden");
      expect(tracesOf(guest, answer)).toEqual({ lines: 0, sightings: 0, characterIds: 0, playerRelationships: 0 });
      expect(answer.relationships.every((relationship: { otherType: string }) => relationship.otherType === "agent")).toBe(true);
      expect(answer.memories.recent.map((memory: { content: string }) => memory.content)).toContain("The tulips need water.");
      // Hidden rows are left out before the limit: the newest readable memory comes back, not an empty page.
      const newest = (await agentAnswer(server, "memories=1", token)).memories.recent.map((memory: { id: string }) => memory.id);
      expect(newest).toEqual([answer.memories.recent[0].id]);
    }
  });

  it("an admin sees the line, the sighting and the relationship with the player's character", async () => {
    const answer = await agentAnswer(server, "memories=100&reflections=100", await adminToken(server.httpUrl, server.game.db.pool));
    expect(answer.playerData).toBe("shown");
    const traces = tracesOf(guest, answer);
    expect(traces.lines).toBeGreaterThan(0);
    expect(traces.sightings).toBeGreaterThan(0);
    expect(traces.playerRelationships).toBe(1);
    expect(answer.memories.recent.map((memory: { content: string }) => memory.content)).toContain(`Casey said to me: "my email is ${SECRET}"`);
    expect(answer.relationships).toContainEqual(expect.objectContaining({ otherType: "player", otherId: guest.characterId, otherName: "Casey" }));
  });
});
