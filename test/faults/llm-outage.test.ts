import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatLog } from "../support/chat-log.ts";
import { conversationWorld, FAKE_OPENAI_KEY, fakeModelServerEnv } from "../support/conversation-world.ts";
import { answer, hang, malformedJson, rateLimited, serverError, startFakeOpenAiServer, streamed, type ChatBehaviour, type FakeOpenAiServer, type RecordedRequest } from "../support/fake-openai-server.ts";
import { modelAnswerFor } from "../support/model-answers.ts";
import { adminToken, postJson } from "../support/accounts.ts";
import { waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { startServerProcess, type ServerProcess } from "../support/server-process.ts";
import { Client } from "@colyseus/sdk";
import { faultDatabase, openForChecks } from "./support/fault-database.ts";
import { record } from "./support/ledger.ts";
import { summarizeHistogram } from "../../bench/load/room-histograms.ts";
import { counterSum } from "./support/prometheus.ts";

const TOKENS_PER_AGENT_HOUR = 12_000;

describe("the LLM provider failing for a long spell (500s, 429s, hangs, malformed JSON)", () => {
  let fake: FakeOpenAiServer;
  let server: ServerProcess | undefined;
  let world: Awaited<ReturnType<typeof conversationWorld>>;
  let database: Awaited<ReturnType<typeof faultDatabase>>;
  // First the model answers in broken JSON (the server is up, its answers unusable) until each agent's plan
  // for the day has been asked for twice, then the endpoint itself fails. Malformed answers count as the
  // server answering, so they come first: mixed in, they would keep resetting the breaker's count.
  const GARBLED_PLANS = 6;
  const model = { failing: true, injected: 0, garbledPlans: 0 };
  const outage: (() => ChatBehaviour)[] = [() => serverError(500), () => rateLimited({ "retry-after": "0" }), () => hang()];
  function behaviour(request: RecordedRequest): ChatBehaviour {
    if (!model.failing) return request.body?.stream ? streamed(["Good ", "day ", "to ", "you (model)."]) : answer(modelAnswerFor(request));
    model.injected += 1;
    if (model.garbledPlans >= GARBLED_PLANS) return outage[model.injected % outage.length]!();
    if (request.body?.response_format?.json_schema?.name === "day_plan") model.garbledPlans += 1;
    return malformedJson();
  }

  beforeAll(async () => {
    fake = await startFakeOpenAiServer({ embeddingDimensions: 32 });
    fake.script(...Array.from({ length: 50_000 }, () => behaviour));
    world = await conversationWorld({ conversations: { npcChattiness: 0 } });
    database = await faultDatabase("lw_llm_outage");
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await fake?.close();
    await database?.drop();
    await world?.cleanup();
  });

  it("keeps the tick, the agents' plans and the budget; players get an in-character 'can't talk now'; the breaker opens and closes", async () => {
    server = await startServerProcess({
      DATABASE_URL: database.url,
      ...fakeModelServerEnv(world.worldsDir, fake.baseURL),
      LLM_TIMEOUT_MS: "400",
      LLM_MAX_ATTEMPTS: "2",
      LLM_BREAKER_FAILURES: "3",
      LLM_BREAKER_COOLDOWN_MS: "2000",
      LLM_TOKENS_PER_AGENT_HOUR: String(TOKENS_PER_AGENT_HOUR),
      AUTH_SECRET: "fault-suite-auth-secret-0123456789abcdef",
      // The most verbose logs (prompts included) still hold no secret.
      LOG_LEVEL: "trace",
    });
    const metrics = () => fetch(`${server!.httpUrl}/metrics`).then((response) => response.text());
    // The world runs from boot with nobody there: the agents plan day 1 offline. Ann comes once they have,
    // so that day 2, planned with Ann there, is the first plan that asks the model.
    const checks = await openForChecks(database.url);
    const admin = await adminToken(server.httpUrl, checks.pool);
    const dayOnePlans = () => checks.pool.query<{ plans: number }>("SELECT count(*)::int AS plans FROM agent_plans WHERE plan_day = 1").then((result) => result.rows[0]!.plans);
    await waitFor(dayOnePlans, (plans) => plans === 3, "the three agents' day 1 plans, made offline", 30_000).finally(() => checks.close());
    const room = await new Client(server.httpUrl).joinOrCreate<any>("world", { name: "Ann" });
    const chat = new ChatLog(room);
    await waitForState(room, (state) => state.agents.size === 3);
    const day2 = await postJson(`${server.httpUrl}/admin/worlds/meadow/clock`, { day: 2, time: "07:39" }, admin);
    expect(day2.status, JSON.stringify(day2.body)).toBe(200);
    // The agents still plan their day on broken answers: offline, after asking twice.
    await waitFor(metrics, (text) => counterSum(text, "lw_llm_calls_total", { purpose: "plan_day", status: "fallback" }) === 3, "three plans made offline after malformed answers", 30_000);

    room.send("say", { text: "Hello Lina, how are the flowers?", to: "lina" });
    const refusal = await chat.waitFor((m) => !m.partial && m.speakerId === "lina", "Lina's answer while the model fails", 20_000);
    expect(refusal.text).toMatch(/^Sorry, Ann, I can't talk right now/);

    // Otto leaves the bakery for the square at 7:40 (on day 2) whatever the model does (he may stop to greet Ann on the way).
    await waitForState(room, (state) => state.agents.get("otto")?.location === "square", 60_000, "Otto in the square");
    // The breaker opens after three failures in a row, however long the agents take to make them.
    const during = await waitFor(metrics, (text) => counterSum(text, "lw_llm_calls_total", { status: "rejected" }) > 0, "the circuit breaker to open", 60_000);
    expect(counterSum(during, "lw_llm_calls_total", { status: "rejected" })).toBeGreaterThan(0);
    expect(counterSum(during, "lw_llm_calls_total", { status: "ok" })).toBe(0);
    // The tick never waits for the model: its p99 stays within a 20 Hz step.
    expect(summarizeHistogram(during, "lw_tick_duration_seconds")?.p99AtMostMs).toBeLessThanOrEqual(50);

    // The model recovers: once the breaker's cooldown has passed, the next call goes through and closes it.
    model.failing = false;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    room.send("say", { text: "Are you free now?", to: "lina" });
    const answered = await chat.waitFor((m) => !m.partial && m.speakerId === "lina" && m.text.includes("(model)"), "a model answer after recovery", 20_000);
    expect(answered.text).toBe("Good day to you (model).");
    expect(counterSum(await metrics(), "lw_llm_calls_total", { purpose: "reply", status: "ok" })).toBe(1);

    const db = await openForChecks(database.url);
    try {
      const spent = await db.pool.query<{ agent_id: string; hour: string; tokens: number }>(
        "SELECT agent_id, game_time / 3600 AS hour, sum(tokens_in + tokens_out)::int AS tokens FROM llm_calls WHERE purpose <> 'reply' GROUP BY 1, 2",
      );
      for (const row of spent.rows) expect(row.tokens, `${row.agent_id} in game hour ${row.hour}`).toBeLessThanOrEqual(TOKENS_PER_AGENT_HOUR);
    } finally {
      await db.close();
    }
    for (const secret of [FAKE_OPENAI_KEY, "fault-suite-auth-secret-0123456789abcdef"]) expect(server.output()).not.toContain(secret);
    expect(server.output()).toContain('"level":10');
    record({ suite: "llm provider failing", faults: model.injected, inputs: 2, lost: 0 });
    await room.leave();
  });
});
