import { matchMaker } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWorld, agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitForState } from "../support/room-state.ts";

describe("a world's patchRate sets how often its clients get state patches", () => {
  let server: RunningServer;
  let worlds: Awaited<ReturnType<typeof makeWorldsDir>>;

  beforeAll(async () => {
    worlds = await makeWorldsDir({ ...smallWorld, patchRate: 10 }, { "rosa.json": agent("rosa") });
    await addWorld(worlds.worldsDir, { ...smallWorld, id: "dale", name: "Dale" }, { "tom.json": agent("tom") });
    server = await startTestServer({ WORLDS_DIR: worlds.worldsDir, DEFAULT_WORLD: "meadow" });
  });
  afterAll(async () => {
    await server?.stop();
    await worlds?.cleanup();
  });

  it("every 100 ms in a world that asks for 10 a second, every 50 ms (Colyseus' default) in one that does not say", async () => {
    const meadow = await server.client().joinOrCreate<any>("world", { world: "meadow", name: "Ann" });
    const dale = await server.client().joinOrCreate<any>("world", { world: "dale", name: "Bob" });
    await waitForState(meadow, (state) => state.agents.has("rosa"));
    await waitForState(dale, (state) => state.agents.has("tom"));
    expect(matchMaker.getLocalRoomById(meadow.roomId).patchRate).toBe(100);
    expect(matchMaker.getLocalRoomById(dale.roomId).patchRate).toBe(50);
    await Promise.all([meadow.leave(), dale.leave()]);
  });
});
