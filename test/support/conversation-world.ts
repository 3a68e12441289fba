import { afterAll, beforeAll } from "vitest";
import { agent, makeWorldsDir, smallWorld } from "./content-fixtures.ts";
import { startTestServer, type RunningServer } from "./game-server.ts";

/**
 * A small world for conversation tests. Players appear at (14, 10). Lina stands still at (19, 14), in
 * talking range of the spawn and out of sight of Mara at (12, 8); Otto leaves the bakery for the
 * square at 7:40, a game minute after the clock starts, and meets Mara, his friend, on the way.
 */
export function conversationWorld(overrides: { conversations?: object; contentPolicy?: object } = {}) {
  const friends = (other: string) => ({ [other]: { relationship_type: "friend", affection_score: 40, trust_level: 70, summary: `${other} and I go way back.` } });
  return makeWorldsDir(
    {
      ...smallWorld,
      clock: { startDay: 1, startTime: "07:39", speed: 60 },
      conversations: { talkRange: 8, hearingRange: 20, idleAfterMinutes: 2, closeAfterMinutes: 5, npcTurnCap: 4, npcChattiness: 10, ...overrides.conversations },
      contentPolicy: { bannedWords: ["gadzooks"], ...overrides.contentPolicy },
    },
    {
      "lina.json": agent("lina", { current_location: "square", current_x: 19, current_y: 14, personality_traits: ["quiet"], schedule: { "0:00": { activity: "tend the flower stall" } } }),
      "mara.json": agent("mara", { current_location: "square", current_x: 12, current_y: 8, schedule: { "0:00": { activity: "sweep the square" } }, relationships: friends("otto") }),
      "otto.json": agent("otto", { schedule: { "6:00": { activity: "bake", location: "bakery" }, "7:40": { activity: "sell bread", location: "square" } }, relationships: friends("mara") }),
    },
  );
}

/** A key the fake OpenAI-compatible server accepts; tests check that it never reaches a log. */
export const FAKE_OPENAI_KEY = "sk-test-not-a-real-key";

/** Server settings for a conversation world (see conversationWorld) whose agents think with the fake OpenAI-compatible server at `baseURL`. */
export function fakeModelServerEnv(worldsDir: string, baseURL: string): Record<string, string> {
  return {
    WORLDS_DIR: worldsDir,
    DEFAULT_WORLD: "meadow",
    INTEREST_RADIUS: "40",
    LLM_MODE: "openai",
    OPENAI_API_KEY: FAKE_OPENAI_KEY,
    OPENAI_BASE_URL: baseURL,
    EMBEDDING_MODEL: "fake-embed",
    EMBEDDING_DIMENSIONS: "32",
  };
}

/**
 * A game server on a conversation world (see conversationWorld) with the offline mind, started before the
 * suite's tests and stopped (its world folder removed) after them: read `.server` inside the tests.
 */
export function conversationServerForSuite(): { readonly server: RunningServer } {
  let running: { server: RunningServer; cleanup(): Promise<void> } | undefined;
  beforeAll(async () => {
    const world = await conversationWorld();
    running = { server: await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", INTEREST_RADIUS: "40" }), cleanup: world.cleanup };
  });
  afterAll(async () => {
    await running?.server.stop();
    await running?.cleanup();
  });
  return {
    get server() {
      if (!running) throw new Error("the conversation server starts before the suite's tests; read .server inside a test");
      return running.server;
    },
  };
}
