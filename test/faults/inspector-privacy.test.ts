import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, register } from "../support/accounts.ts";
import { conversationWorld } from "../support/conversation-world.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { guestTellsLinaASecret, tracesOf } from "../support/player-secret.ts";
import { recordAttack } from "./support/ledger.ts";

describe("the inspector API keeps what players said and where they were to admins", () => {
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof conversationWorld>>;

  beforeAll(async () => {
    world = await conversationWorld({ conversations: { npcChattiness: 0 } });
    server = await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", INTEREST_RADIUS: "40" });
  });
  afterAll(async () => {
    await server?.stop();
    await world?.cleanup();
  });

  it("a guest's private line, sightings and character id read from the inspector API without admin rights", async () => {
    const guest = await guestTellsLinaASecret(server, "Casey");
    const read = async (token?: string) => {
      const response = await fetch(`${server.httpUrl}/api/worlds/meadow/agents/lina?memories=100&reflections=100`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect(response.status).toBe(200);
      return tracesOf(guest, await response.json());
    };
    const nobody = await read();
    const player = await read(await register(server.httpUrl, "eavesdropper"));
    const admin = await read(await adminToken(server.httpUrl, server.game.db.pool));
    for (const traces of [nobody, player]) expect(traces).toEqual({ lines: 0, sightings: 0, characterIds: 0, playerRelationships: 0 });
    expect(admin.lines).toBeGreaterThan(0);
    expect(admin.sightings).toBeGreaterThan(0);
    expect(admin.playerRelationships).toBe(1);

    const told = (traces: typeof admin) => `${traces.lines} lines, ${traces.sightings} sightings, ${traces.characterIds} character ids`;
    recordAttack(
      "inspector privacy",
      "read a guest's line \"my email is …\", their sightings and character id from GET /api/worlds/:id/agents/:agent?memories=100",
      `no token: ${told(nobody)}; player token: ${told(player)}; admin token: ${told(admin)}`,
      3,
    );
  });
});
