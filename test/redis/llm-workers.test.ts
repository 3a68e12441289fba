import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRIORITY } from "../../agents/job-scheduler.ts";
import type { PlanDayContext } from "../../agents/cognition/plan-day.ts";
import { planDay } from "../../agents/cognition/plan-day.ts";
import { cognitiveTasks } from "../../agents/task-registry.ts";
import { createOfflineProvider } from "../../src/llm/offline-provider.ts";
import { connectLlmQueue, type LlmQueue } from "../../src/scale/llm-queue.ts";
import { answer, hang, startFakeOpenAiServer, type FakeOpenAiServer } from "../support/fake-openai-server.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitFor } from "../support/wait-for.ts";
import { startProcess, type RunningProcess } from "../support/child-process.ts";
import { freePort } from "../../bench/support/free-port.ts";
import { deleteKeys, isolatedRedis, requireServices } from "./services.ts";

const WORKER_READY = /LLM worker ready/;

describe("agents think in LLM workers over a Redis queue", () => {
  const services = requireServices();
  const workers: RunningProcess[] = [];
  afterAll(async () => {
    await Promise.allSettled(workers.map((worker) => worker.stop("SIGKILL")));
  });

  describe("a world whose server queues its agents' thinking", () => {
    const redis = isolatedRedis(services.redisUrl);
    const queueName = `lw-test-llm-${redis.suffix}`;
    let server: RunningServer;
    let worker: RunningProcess;

    beforeAll(async () => {
      // The worker counts tokens as if billed ("counting"); the server itself is offline, so every
      // call recorded as "counting" was thought by the worker.
      worker = await startProcess("scripts/worker.ts", { REDIS_URL: redis.url, LLM_QUEUE_NAME: queueName, LLM_MODE: "counting", LOG_LEVEL: "debug" }, WORKER_READY);
      workers.push(worker);
      const port = await freePort();
      server = await startTestServer({
        PORT: String(port),
        PUBLIC_ADDRESS: `127.0.0.1:${port}`,
        REDIS_URL: redis.url,
        LLM_QUEUE: "true",
        LLM_QUEUE_NAME: queueName,
        LLM_MODE: "offline",
        INTEREST_RADIUS: "500",
        FLUSH_INTERVAL_MS: "200",
      });
    });
    afterAll(async () => {
      await server?.stop();
      await deleteKeys(redis.url, `bull:${queueName}:*`);
    });

    it("a job a worker did lands in the room that owns the agent and is recorded there", async () => {
      const room = await server.client().joinOrCreate<any>("world", { name: "Tess" });
      room.onMessage("welcome", () => {});
      const pool = server.game.db.pool;
      const calls = await waitFor(
        () => pool.query("SELECT world_id, purpose, provider, count(*)::int AS n FROM llm_calls GROUP BY world_id, purpose, provider").then((result) => result.rows),
        (rows) => rows.some((row) => row.provider === "counting" && row.purpose === "plan_actions"),
        "plans thought by the worker, recorded in llm_calls",
        30_000,
      );
      expect(calls.filter((row) => row.purpose !== "reply").every((row) => row.provider === "counting" && row.world_id === "heartwood")).toBe(true);
      // The worker's plans became the agents' plans in this world.
      const plans = await pool.query("SELECT count(DISTINCT agent_id)::int AS n FROM agent_plans");
      expect(plans.rows[0].n).toBeGreaterThan(0);
      expect(worker.output()).toMatch(/"world":"heartwood".*"msg":"llm job done"/);
      await room.leave();
      // Servers first: a server waits for the answers of jobs it queued, which only workers give.
      await server.stop();
      expect(await worker.stop("SIGTERM")).toBe(0);
    });
  });

  describe("a worker killed in the middle of a job", () => {
    const redis = isolatedRedis(services.redisUrl);
    const queueName = `lw-test-llm-${redis.suffix}`;
    let fake: FakeOpenAiServer;
    let queue: LlmQueue;

    beforeAll(async () => {
      fake = await startFakeOpenAiServer();
      queue = await connectLlmQueue({ redisUrl: redis.url, queueName, timeoutMs: 30_000, tasks: cognitiveTasks, local: createOfflineProvider(), priority: (purpose) => PRIORITY[purpose] });
    });
    afterAll(async () => {
      await queue?.close();
      await fake?.close();
      await deleteKeys(redis.url, `bull:${queueName}:*`);
    });

    it("has its job retried by another worker, and the answer reaches the server that queued it", async () => {
      const workerEnv = {
        REDIS_URL: redis.url,
        LLM_QUEUE_NAME: queueName,
        LLM_MODE: "openai",
        OPENAI_BASE_URL: fake.baseURL,
        OPENAI_API_KEY: "sk-test",
        LLM_MAX_ATTEMPTS: "1",
        LLM_TIMEOUT_MS: "60000",
        // A dead worker's job is noticed within about a second instead of half a minute.
        WORKER_LOCK_MS: "1000",
        WORKER_STALLED_CHECK_MS: "250",
      };
      const first = await startProcess("scripts/worker.ts", workerEnv, WORKER_READY);
      workers.push(first);
      fake.script(hang(), answer({ strokes: ["6:00 light the ovens", "9:00 sell rye loaves", "18:00 walk to the square"] }));

      const result = queue.llm.run(planDay, dayContext(), { agentId: "baker", worldId: "meadow" });
      await waitFor(async () => fake.chatRequests().length, (count) => count === 1, "the first worker to send the job to the model");
      const second = await startProcess("scripts/worker.ts", workerEnv, WORKER_READY);
      workers.push(second);
      expect(await first.stop("SIGKILL")).toBeNull();

      const done = await result;
      expect(done.status).toBe("ok");
      expect(done.usage.provider).toBe("openai");
      expect(done.value).toEqual({ strokes: ["6:00 light the ovens", "9:00 sell rye loaves", "18:00 walk to the square"] });
      const [killed, retried] = fake.chatRequests();
      expect(retried!.body.messages).toEqual(killed!.body.messages);
      expect(second.output()).toMatch(/llm job stalled/);
    });
  });
});

function dayContext(): PlanDayContext {
  return {
    profile: {
      id: "baker",
      name: "Bea",
      role: "baker",
      constitution: "You are Bea, the village baker.",
      personalityTraits: ["early riser"],
      likes: ["rye"],
      dislikes: [],
      primaryGoal: "Bake the best bread in the valley",
      secondaryGoals: [],
      background: null,
      routine: [{ startMinute: 360, activity: "bake", location: "bakery" }],
      relationships: {},
    },
    day: 3,
    yesterday: null,
    memories: ["The miller promised more rye."],
    news: [],
    promises: [],
    ties: [],
    goalChanges: [],
  };
}
