import { describe, expect, it } from "vitest";
import { JobScheduler, type JobSpec } from "../../../agents/job-scheduler.ts";
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
