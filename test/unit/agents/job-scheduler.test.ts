import { describe, expect, it } from "vitest";
import { JobScheduler, type JobSpec } from "../../../agents/job-scheduler.ts";
import { ModelCallScheduler } from "../../../agents/model-call-scheduler.ts";
import type { LlmPurpose } from "../../../src/llm/task.ts";

/** A job that finishes only when the test says so, recording the order jobs started in. */
function controllableJob(started: string[], name: string, purpose: LlmPurpose, agentId = "a", tokens = 10) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const spec: JobSpec<string> = {
    agentId,
    purpose,
    estimatedTokens: tokens,
    async run() {
      started.push(name);
      await done;
      return { value: name, tokens };
    },
  };
  return { spec, finish };
}

describe("job scheduler", () => {
  const options = (overrides = {}) => ({ concurrency: 1, tokensPerAgentPerGameHour: 1000, gameHour: () => 0, ...overrides });

  it("runs at most `concurrency` jobs and picks a waiting player's reply before other work", async () => {
    const scheduler = new JobScheduler(options());
    const started: string[] = [];
    const first = controllableJob(started, "first", "reflection_insights");
    const consolidation = controllableJob(started, "consolidation", "consolidation");
    const planning = controllableJob(started, "planning", "plan_day");
    const reply = controllableJob(started, "reply", "reply");
    const outcomes = [first, consolidation, planning, reply].map((job) => scheduler.submit(job.spec));
    await Promise.resolve();
    expect(started).toEqual(["first"]);
    first.finish();
    await outcomes[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(["first", "reply"]);
    reply.finish();
    planning.finish();
    consolidation.finish();
    expect((await Promise.all(outcomes)).map((outcome) => outcome.status)).toEqual(["done", "done", "done", "done"]);
    expect(started).toEqual(["first", "reply", "planning", "consolidation"]);
  });

  it("skips work over an agent's hourly token budget, but never a reply, and the budget renews each game hour", async () => {
    let hour = 5;
    const scheduler = new JobScheduler(options({ concurrency: 4, tokensPerAgentPerGameHour: 25, gameHour: () => hour }));
    const started: string[] = [];
    const a = controllableJob(started, "a", "plan_actions", "elara", 20);
    a.finish();
    expect(await scheduler.submit(a.spec)).toMatchObject({ status: "done" });
    const b = controllableJob(started, "b", "reaction", "elara", 20);
    expect(await scheduler.submit(b.spec)).toMatchObject({ status: "skipped", reason: "budget" });
    const other = controllableJob(started, "other", "reaction", "marcus", 20);
    other.finish();
    expect(await scheduler.submit(other.spec)).toMatchObject({ status: "done" });
    const reply = controllableJob(started, "reply", "reply", "elara", 20);
    reply.finish();
    expect(await scheduler.submit(reply.spec)).toMatchObject({ status: "done" });
    hour = 6;
    const later = controllableJob(started, "later", "reaction", "elara", 20);
    later.finish();
    expect(await scheduler.submit(later.spec)).toMatchObject({ status: "done" });
    expect(started).toEqual(["a", "other", "reply", "later"]);
  });

  it("in idle mode spends nothing except on replies, and drops what was queued", async () => {
    const scheduler = new JobScheduler(options());
    const started: string[] = [];
    const busy = controllableJob(started, "busy", "plan_day");
    const queued = controllableJob(started, "queued", "reflection_insights");
    const running = scheduler.submit(busy.spec);
    const waiting = scheduler.submit(queued.spec);
    scheduler.setIdle(true);
    expect(await waiting).toMatchObject({ status: "skipped", reason: "idle" });
    const planning = controllableJob(started, "planning", "plan_day");
    expect(await scheduler.submit(planning.spec)).toMatchObject({ status: "skipped", reason: "idle" });
    busy.finish();
    await running;
    const reply = controllableJob(started, "reply", "reply");
    reply.finish();
    expect(await scheduler.submit(reply.spec)).toMatchObject({ status: "done", value: "reply" });
    expect(started).toEqual(["busy", "reply"]);
  });

  it("drops a result that went stale while the job ran (generation fencing)", async () => {
    const scheduler = new JobScheduler(options());
    let generation = 1;
    const started: string[] = [];
    const job = controllableJob(started, "plan", "plan_actions");
    const submittedAt = generation;
    const outcome = scheduler.submit({ ...job.spec, isStale: () => generation !== submittedAt });
    await Promise.resolve();
    generation = 2; // the agent re-planned while the model was thinking
    job.finish();
    expect(await outcome).toMatchObject({ status: "skipped", reason: "stale" });
  });

  it("cancelling an agent drops its queued jobs and aborts the running one", async () => {
    const scheduler = new JobScheduler(options());
    let aborted = false;
    const running = scheduler.submit({
      agentId: "gone",
      purpose: "plan_day",
      estimatedTokens: 1,
      run: (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          }),
        ),
    });
    const queued = scheduler.submit(controllableJob([], "q", "reaction", "gone").spec);
    scheduler.cancelAgent("gone");
    expect(await queued).toMatchObject({ status: "skipped", reason: "cancelled" });
    expect(await running).toMatchObject({ status: "skipped", reason: "cancelled" });
    expect(aborted).toBe(true);
  });

  it("a failing job is reported, and the queue keeps going", async () => {
    const scheduler = new JobScheduler(options());
    const failed = scheduler.submit({ agentId: "a", purpose: "plan_day", estimatedTokens: 1, run: async () => Promise.reject(new Error("model exploded")) });
    const next = controllableJob([], "next", "plan_day");
    next.finish();
    const after = scheduler.submit(next.spec);
    expect(await failed).toMatchObject({ status: "skipped", reason: "failed", error: { message: "model exploded" } });
    expect(await after).toMatchObject({ status: "done" });
    expect(scheduler.counts).toMatchObject({ submitted: 2, done: 1, failed: 1 });
  });
});

describe("one scheduler for every world", () => {
  // Lets every job that can start start, and every outcome that is ready resolve.
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  const worldOf = (calls: ModelCallScheduler, overrides = {}) => new JobScheduler({ calls, tokensPerAgentPerGameHour: 1000, gameHour: () => 0, ...overrides });

  it("keeps the model calls in flight within one limit across all worlds", async () => {
    const calls = new ModelCallScheduler({ concurrency: 2 });
    const north = worldOf(calls);
    const south = worldOf(calls);
    const started: string[] = [];
    let running = 0;
    let mostRunning = 0;
    const jobs = ["n1", "n2", "n3", "s1", "s2", "s3"].map((name) => {
      const job = controllableJob(started, name, "plan_day");
      const run = job.spec.run;
      job.spec.run = async (signal) => {
        mostRunning = Math.max(mostRunning, ++running);
        return run(signal).finally(() => running--);
      };
      return { name, ...job };
    });
    const outcomes = jobs.map((job) => (job.name.startsWith("n") ? north : south).submit(job.spec));
    await settled();
    expect(started).toEqual(["n1", "n2"]);
    expect(calls.inFlight).toBe(2);
    while (started.length < jobs.length) {
      for (const job of jobs) if (started.includes(job.name)) job.finish();
      await settled();
    }
    for (const job of jobs) job.finish();
    expect((await Promise.all(outcomes)).map((outcome) => outcome.status)).toEqual(["done", "done", "done", "done", "done", "done"]);
    expect(mostRunning).toBe(2);
    expect(calls.inFlight).toBe(0);
  });

  it("lets the worlds take turns, so a world with a long queue does not starve another", async () => {
    const calls = new ModelCallScheduler({ concurrency: 1 });
    const crowded = worldOf(calls);
    const quiet = worldOf(calls);
    const started: string[] = [];
    const backlog = Array.from({ length: 8 }, (_, index) => controllableJob(started, `crowded${index + 1}`, "plan_day", `agent${index}`));
    const few = [controllableJob(started, "quiet1", "plan_day"), controllableJob(started, "quiet2", "plan_day")];
    const outcomes = [...backlog.map((job) => crowded.submit(job.spec)), ...few.map((job) => quiet.submit(job.spec))];
    for (const job of [...backlog, ...few]) job.finish();
    await Promise.all(outcomes);
    expect(started.slice(0, 5)).toEqual(["crowded1", "quiet1", "crowded2", "quiet2", "crowded3"]);
  });

  it("still runs a waiting player's reply in any world before other worlds' work", async () => {
    const calls = new ModelCallScheduler({ concurrency: 1 });
    const busy = worldOf(calls);
    const talking = worldOf(calls);
    const started: string[] = [];
    const planning = [1, 2, 3].map((n) => controllableJob(started, `plan${n}`, "plan_day"));
    const reply = controllableJob(started, "reply", "reply");
    const outcomes = [...planning.map((job) => busy.submit(job.spec)), talking.submit(reply.spec)];
    for (const job of [...planning, reply]) job.finish();
    await Promise.all(outcomes);
    expect(started).toEqual(["plan1", "reply", "plan2", "plan3"]);
  });

  it("idles one world without dropping another world's jobs", async () => {
    const calls = new ModelCallScheduler({ concurrency: 1 });
    const empty = worldOf(calls);
    const played = worldOf(calls);
    const started: string[] = [];
    const blocker = controllableJob(started, "blocker", "plan_day");
    const running = played.submit(blocker.spec);
    const emptyPlan = empty.submit(controllableJob(started, "empty plan", "plan_day").spec);
    const emptyReply = controllableJob(started, "empty reply", "reply");
    const emptyReplied = empty.submit(emptyReply.spec);
    const playedPlan = controllableJob(started, "played plan", "plan_day");
    const playedPlanned = played.submit(playedPlan.spec);
    empty.setIdle(true);
    expect(await emptyPlan).toMatchObject({ status: "skipped", reason: "idle" });
    expect(empty.isIdle).toBe(true);
    expect(played.isIdle).toBe(false);
    for (const job of [blocker, emptyReply, playedPlan]) job.finish();
    expect(await running).toMatchObject({ status: "done" });
    expect(await emptyReplied).toMatchObject({ status: "done", value: "empty reply" });
    expect(await playedPlanned).toMatchObject({ status: "done", value: "played plan" });
    expect(started).toEqual(["blocker", "empty reply", "played plan"]);
  });

  it("charges each agent's budget to the game hour of its own world's clock", async () => {
    let northHour = 5;
    let southHour = 40;
    const calls = new ModelCallScheduler({ concurrency: 4 });
    const north = worldOf(calls, { tokensPerAgentPerGameHour: 25, gameHour: () => northHour });
    const south = worldOf(calls, { tokensPerAgentPerGameHour: 25, gameHour: () => southHour });
    const run = async (scheduler: JobScheduler, name: string) => {
      const job = controllableJob([], name, "reaction", "elara", 20);
      job.finish();
      return scheduler.submit(job.spec);
    };
    expect(await run(north, "north first")).toMatchObject({ status: "done" });
    expect(await run(north, "north over budget")).toMatchObject({ status: "skipped", reason: "budget" });
    // The same agent id in another world has a budget of its own.
    expect(await run(south, "south first")).toMatchObject({ status: "done" });
    expect(south.spentThisHour("elara")).toBe(20);
    southHour = 41;
    expect(await run(north, "north, south's hour passed")).toMatchObject({ status: "skipped", reason: "budget" });
    expect(north.spentThisHour("elara")).toBe(20);
    northHour = 6;
    expect(await run(north, "north, its own hour passed")).toMatchObject({ status: "done" });
  });

  it("dropping a world cancels only that world's jobs", async () => {
    const calls = new ModelCallScheduler({ concurrency: 1 });
    const dropped = worldOf(calls);
    const kept = worldOf(calls);
    const started: string[] = [];
    const droppedRunning = controllableJob(started, "dropped running", "plan_day");
    let runningSignal: AbortSignal | undefined;
    const running = dropped.submit({ ...droppedRunning.spec, run: (signal) => droppedRunning.spec.run((runningSignal = signal)) });
    const droppedQueued = dropped.submit(controllableJob(started, "dropped queued", "reaction").spec);
    const keptJob = controllableJob(started, "kept", "plan_day");
    const keptQueued = kept.submit(keptJob.spec);
    dropped.close();
    expect(await droppedQueued).toMatchObject({ status: "skipped", reason: "cancelled" });
    expect(runningSignal?.aborted).toBe(true);
    droppedRunning.finish();
    expect(await running).toMatchObject({ status: "skipped", reason: "cancelled" });
    expect(await dropped.submit(controllableJob(started, "late", "reply").spec)).toMatchObject({ status: "skipped", reason: "cancelled" });
    keptJob.finish();
    expect(await keptQueued).toMatchObject({ status: "done", value: "kept" });
    expect(started).toEqual(["dropped running", "kept"]);
  });
});
