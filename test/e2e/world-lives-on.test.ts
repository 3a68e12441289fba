import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gameTimeOf } from "../../src/shared-kernel/game-time.ts";
import { adminToken, postJson } from "../support/accounts.ts";
import { conversationWorld, fakeModelServerEnv } from "../support/conversation-world.ts";
import { backend } from "../support/database.ts";
import { answer, startFakeOpenAiServer, type FakeOpenAiServer } from "../support/fake-openai-server.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { modelAnswerFor } from "../support/model-answers.ts";
import { waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";

interface WorldView { gameTime: number; agents: Map<string, { activity: string; location: string; x: number; y: number }>; players: Map<string, unknown> }
interface AgentSeen { activity: string; location: string; x: number; y: number }

describe(`a world lives on with nobody connected (${backend})`, () => {
  let fake: FakeOpenAiServer;
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof conversationWorld>>;
  let admin: string;

  beforeAll(async () => {
    // A model that answers every task well, so that any call the idle world made would be seen here.
    fake = await startFakeOpenAiServer({ embeddingDimensions: 32 });
    fake.script(...Array.from({ length: 5_000 }, () => (request: Parameters<typeof modelAnswerFor>[0]) => answer(modelAnswerFor(request))));
    world = await conversationWorld();
    server = await startTestServer({ ...fakeModelServerEnv(world.worldsDir, fake.baseURL), LLM_TIMEOUT_MS: "1500", LLM_MAX_ATTEMPTS: "1", FLUSH_INTERVAL_MS: "200" });
    admin = await adminToken(server.httpUrl, server.game.db.pool);
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    await world?.cleanup();
  });

  const inspect = async (path: string) => {
    const response = await fetch(`${server.httpUrl}/api/worlds/meadow${path}`, { headers: { authorization: `Bearer ${admin}` } });
    return response.json() as Promise<any>;
  };
  const gameTime = async () => ((await inspect("")).clock.gameTime as number);
  const otto = async (): Promise<AgentSeen> => {
    const { agent } = await inspect("/agents/otto");
    return { activity: agent.activity, location: agent.location, x: agent.x, y: agent.y };
  };
  const setClock = async (body: object) => {
    const done = await postJson(`${server.httpUrl}/admin/worlds/meadow/clock`, body, admin);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return done.body as { live: boolean; gameTime: number; speed: number };
  };

  it("runs the world's room from boot, before anyone joins; admin calls reach it", async () => {
    const health = (await (await fetch(`${server.httpUrl}/health`)).json()) as { rooms: number };
    expect(health.rooms).toBe(1);
    expect((await setClock({ speed: 600 })).live).toBe(true);
    const before = await gameTime();
    await waitFor(gameTime, (now) => now > before, "the clock to run with nobody connected");
    const reload = await postJson(`${server.httpUrl}/admin/worlds/meadow/agents/reload`, {}, admin);
    expect(reload.status, JSON.stringify(reload.body)).toBe(200);
    expect(reload.body).toMatchObject({ world: "meadow", live: true, agents: { unchanged: 3 } });
  });

  it("after the last player leaves, the clock keeps running and agents keep their schedules, with no model calls; a player joining later sees it", async () => {
    // With a player in the world the agents think with the model.
    const first = await server.client().joinOrCreate<WorldView>("world", { name: "Ann" });
    first.onMessage("welcome", () => undefined);
    await waitForState(first, (state) => state.agents.size === 3);
    await waitFor(async () => fake.chatRequests().length, (calls) => calls > 0, "the agents to think with the model while a player is there");
    await first.leave();
    await waitFor(async () => (await inspect("/summary")).clients as number, (clients) => clients === 0, "the room to count nobody");
    const callsWhenEmpty = fake.requests.length;

    // Day 2 before Otto's 7:40 change from baking in the bakery to selling bread in the square.
    const day2 = gameTimeOf(2, 7 * 60);
    const boundary = gameTimeOf(2, 7 * 60 + 40);
    const set = await setClock({ day: 2, time: "07:00", speed: 600 });
    expect(set).toMatchObject({ live: true, gameTime: day2, speed: 600 });
    const baking = await waitFor(otto, (seen) => seen.location === "bakery" && /bake/.test(seen.activity), "Otto baking on day 2");
    const selling = await waitFor(otto, (seen) => seen.location === "square" && /sell bread/.test(seen.activity), "Otto selling bread in the square after 7:40", 30_000);
    expect([selling.x, selling.y]).not.toEqual([baking.x, baking.y]);
    const stored = await gameTime();
    expect(stored).toBeGreaterThanOrEqual(boundary);
    // Otto meets his friend Mara in the square, and they talk (with the offline mind's lines).
    const talk = await waitFor(
      () => server.game.db.pool.query("SELECT a_id, b_id, turns FROM conversations WHERE kind = 'agent_agent' AND state = 'closed' AND started_game_time >= $1", [day2]).then((result) => result.rows[0]),
      (row) => row !== undefined,
      "Otto and Mara to talk on day 2",
      30_000,
    );
    expect([talk.a_id, talk.b_id].sort()).toEqual(["mara", "otto"]);
    expect(talk.turns).toBeGreaterThanOrEqual(2);

    // Nothing reached the model while nobody was connected: no planning of day 2, no reactions, no talk, no embeddings.
    expect(fake.requests.slice(callsWhenEmpty).map((request) => request.path)).toEqual([]);

    // What the agents lived meanwhile is remembered; the memories wait for the embedding model until someone is back.
    const unembedded = () => server.game.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM agent_memories WHERE embedding IS NULL AND game_time >= $1", [day2]).then((result) => result.rows[0]!.n);
    expect(await unembedded()).toBeGreaterThan(0);

    const later = await server.client().joinOrCreate<WorldView>("world", { name: "Bo" });
    later.onMessage("welcome", () => undefined);
    const state = await waitForState(later, (view) => view.agents.size === 3);
    expect(state.gameTime).toBeGreaterThanOrEqual(stored);
    expect(state.agents.get("otto")).toMatchObject({ location: "square" });
    await waitFor(unembedded, (n) => n === 0, "the memories of the empty hours to be embedded once a player is back");
    await later.leave();
  });
});
