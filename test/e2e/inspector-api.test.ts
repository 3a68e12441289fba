import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveDayPlan, saveReflection } from "../../db/repositories/cognition-repository.ts";
import { insertLlmCalls } from "../../db/repositories/llm-call-repository.ts";
import { adminToken, postJson, register } from "../support/accounts.ts";
import { conversationWorld } from "../support/conversation-world.ts";
import { backend } from "../support/database.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitFor } from "../support/wait-for.ts";
import { waitForState } from "../support/room-state.ts";

async function getJson(url: string, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: await response.json() };
}

describe(`inspector read-only API (${backend})`, () => {
  let server: RunningServer;
  let world: Awaited<ReturnType<typeof conversationWorld>>;
  const api = (path: string, token?: string) => getJson(`${server.httpUrl}/api/worlds/meadow${path}`, token);

  beforeAll(async () => {
    world = await conversationWorld();
    server = await startTestServer({ WORLDS_DIR: world.worldsDir, DEFAULT_WORLD: "meadow", INTEREST_RADIUS: "40" });
    const pool = server.game.db.pool;
    const call = { worldId: "meadow", agentId: "lina", provider: "openai", model: "gpt-test", latencyMs: 120, gameTime: 27_600 };
    await insertLlmCalls(pool, [
      { ...call, purpose: "reply", tokensIn: 300, tokensOut: 40, costUsd: 0.0021, status: "ok", error: null },
      { ...call, purpose: "plan", tokensIn: 500, tokensOut: 0, costUsd: 0, status: "error", error: "429 from provider: slow down" },
    ]);
    await pool.query("INSERT INTO agent_memories (agent_id, memory_type, content, importance_score, emotional_relevance, game_time) VALUES ('lina', 'observation', 'Otto sold out of rye by nine.', 7, 0.3, 27000), ('lina', 'observation', 'The square was quiet today.', 2, 0, 27100)");
    const evidence = await pool.query<{ id: string }>("SELECT id FROM agent_memories WHERE agent_id = 'lina' AND memory_type = 'observation' ORDER BY id");
    const reflected = await pool.query<{ id: string }>("INSERT INTO agent_memories (agent_id, memory_type, content, importance_score, game_time) VALUES ('lina', 'reflection', 'Mornings are busy; evenings are not.', 8, 27200) RETURNING id");
    await saveReflection(pool, "lina", { text: "Mornings are busy; evenings are not.", evidence: evidence.rows.map((row) => row.id), memoryId: reflected.rows[0]!.id, gameTime: 27_200 });
    await saveDayPlan(pool, "lina", 1, ["sell flowers"], [{ startMinute: 480, activity: "sell flowers", location: "square" }, { startMinute: 1080, activity: "close the stall", location: null }]);
  });
  afterAll(async () => {
    await server?.stop();
    await world?.cleanup();
  });

  it("describes the world's map, locations and clock", async () => {
    const { status, body } = await api("");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: "meadow",
      name: "Meadow",
      map: { width: 20, height: 15, tileSize: 32, blocked: [{ x: 10, y: 0, width: 1, height: 5 }] },
      spawn: { x: 14, y: 10 },
      conversations: { talkRange: 8 },
    });
    expect(body.locations.map((location: { name: string }) => location.name)).toEqual(["bakery", "square"]);
    expect(body.clock.gameTime).toBeGreaterThanOrEqual(7 * 3600 + 39 * 60);
  });

  it("shows an agent's identity, plan, relationships, scored memories, reflections with evidence and LLM use", async () => {
    const { status, body } = await api("/agents/lina");
    expect(status).toBe(200);
    // The activity is the last stored one: still the agent file's this early in the running world.
    expect(body.agent).toMatchObject({ id: "lina", name: "Lina", mood: "calm", energy: 80, activity: "baking", location: "square", x: 19, y: 14 });
    expect(body.plan).toMatchObject({ day: 1, status: "active", steps: { blocks: [{ activity: "sell flowers" }, { activity: "close the stall" }] } });
    expect(body.memories.important[0]).toMatchObject({ content: "Mornings are busy; evenings are not.", importance: 8, type: "reflection" });
    expect(body.memories.important[1]).toMatchObject({ content: "Otto sold out of rye by nine.", importance: 7, emotionalRelevance: expect.closeTo(0.3, 5) });
    expect(body.memories.recent.map((memory: { gameTime: number }) => memory.gameTime)).toEqual([...body.memories.recent.map((memory: { gameTime: number }) => memory.gameTime)].sort((a, b) => b - a));
    expect(body.reflections).toEqual([
      { id: expect.any(String), text: "Mornings are busy; evenings are not.", gameTime: 27_200, evidence: [expect.objectContaining({ content: "Otto sold out of rye by nine." }), expect.objectContaining({ content: "The square was quiet today." })] },
    ]);
    expect(body.llm).toEqual({ calls: 2, tokensIn: 800, tokensOut: 40, costUsd: expect.closeTo(0.0021, 6), failed: 1 });

    const mara = await api("/agents/mara");
    expect(mara.body.relationships).toEqual([expect.objectContaining({ otherType: "agent", otherId: "otto", otherName: "Otto", type: "friend", affection: 40, trust: 70 })]);
  });

  it("shows each LLM call, with its error, to admins only", async () => {
    const player = await register(server.httpUrl, "peeker");
    for (const token of [undefined, player]) expect((await api("/agents/lina", token)).body.llm.recentCalls).toBeUndefined();
    const admin = await adminToken(server.httpUrl, server.game.db.pool);
    const { body } = await api("/agents/lina", admin);
    expect(body.llm.recentCalls).toHaveLength(2);
    expect(body.llm.recentCalls).toContainEqual(expect.objectContaining({ purpose: "plan", status: "error", error: "429 from provider: slow down", tokensIn: 500 }));
  });

  it("asks an agent's memory for admins only: ranked memories with each component's score, nothing marked recalled", async () => {
    const recall = (query: string, token?: string) => api(`/agents/lina/recall${query}`, token);
    const player = await register(server.httpUrl, "prober");
    for (const token of [undefined, player]) expect(await recall("?q=rye", token)).toMatchObject({ status: 403, body: { error: "forbidden" } });
    const admin = await adminToken(server.httpUrl, server.game.db.pool, "recall_admin");
    const accessed = () => server.game.db.pool.query("SELECT id, access_count, last_accessed_game_time FROM agent_memories WHERE agent_id = 'lina' ORDER BY id").then((result) => result.rows);
    // The world runs with nobody connected and its agents recall as they live: stop its clock and let what they
    // were doing finish, so that only the route could mark a memory recalled from here on.
    const setSpeed = (speed: number) => postJson(`${server.httpUrl}/admin/worlds/meadow/clock`, { speed }, admin);
    const { speed } = (await api("")).body.clock;
    expect((await setSpeed(0)).status).toBe(200);
    let previous = "";
    const before = await waitFor(accessed, (rows) => previous === (previous = JSON.stringify(rows)), "the paused world's agents to stop recalling", 15_000, 500);
    const { status, body } = await recall("?q=Who%20sold%20out%20of%20rye%3F&k=2", admin);
    expect(status).toBe(200);
    expect(body).toEqual({ agent: "lina", query: "Who sold out of rye?", memories: [expect.any(Object), expect.any(Object)] });
    for (const memory of body.memories) {
      expect(memory).toEqual({
        id: expect.any(Number),
        content: expect.any(String),
        type: expect.any(String),
        score: expect.any(Number),
        components: { recency: expect.any(Number), importance: expect.any(Number), emotion: expect.any(Number), relevance: expect.any(Number) },
      });
    }
    expect(body.memories[0].score).toBeGreaterThanOrEqual(body.memories[1].score);
    expect((await recall("?q=rye", admin)).body.memories.map((memory: { content: string }) => memory.content)).toContain("Otto sold out of rye by nine.");
    expect(await accessed()).toEqual(before);
    expect((await setSpeed(speed)).status).toBe(200);
    for (const query of ["?q=rye&k=0", "?q=rye&k=101", "?q=rye&k=ten", "", "?q=%20"]) {
      expect(await recall(query, admin), query).toMatchObject({ status: 400, body: { error: "invalid_request", message: expect.stringContaining("k a whole number from 1 to 100") } });
    }
    expect(await api("/agents/nobody/recall?q=rye", admin)).toMatchObject({ status: 404, body: { error: "unknown_agent" } });
  });

  it("summarises the world: LLM rate, tokens and cost per game hour, tick p99 and clients", async () => {
    const room = await server.client().joinOrCreate("world", { name: "Watcher" });
    await waitForState(room, (state: any) => state.agents.size === 3);
    // The first full state can arrive before the room's first tick: wait until a tick was timed.
    const { status, body } = await waitFor(() => api("/summary"), (answer) => answer.body.tickP99Ms !== null || answer.body.tickP99AboveMs !== undefined, "a timed tick in the summary");
    expect(status).toBe(200);
    expect(body.clients).toBe(1);
    // A slow machine may put the first ticks past the last bucket; either way a p99 is reported.
    expect(body.tickP99Ms > 0 || body.tickP99AboveMs === 1024).toBe(true);
    expect(body.llm.callsPerMinute).toBeGreaterThanOrEqual(2);
    expect(body.llm.total.tokensIn).toBeGreaterThanOrEqual(800);
    expect(body.llm.costPerGameHourUsd).toBeCloseTo(0.0021, 6);
    expect(body.viewer).toEqual({ role: "anonymous", username: null });
    await room.leave();
  });

  it("answers unknown worlds and agents, bad tokens and bad limits with errors that say what to do", async () => {
    expect(await getJson(`${server.httpUrl}/api/worlds/atlantis`)).toMatchObject({ status: 404, body: { error: "unknown_world" } });
    expect(await api("/agents/nobody")).toMatchObject({ status: 404, body: { error: "unknown_agent", message: expect.stringContaining('no agent "nobody"') } });
    expect(await api("/agents/lina", "forged.token.value")).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    expect(await getJson(`${server.httpUrl}/api/worlds/meadow/agents/lina?memories=5000`)).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("serves the inspector page at /", async () => {
    const response = await fetch(server.httpUrl);
    const text = await response.text();
    // Built by `npm start` / `npm run build:inspector`; without a build, / says how to make one.
    if (response.status === 503) expect(text).toContain("npm run build:inspector");
    else expect(text).toContain("<title>Living World inspector</title>");
  });
});
