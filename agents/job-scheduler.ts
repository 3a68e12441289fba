import type { LlmPurpose } from "../src/llm/task.ts";
import { ModelCallScheduler, type WorldQueue } from "./model-call-scheduler.ts";

/** Lower runs first: a player waiting for an answer, then reactions, planning, reflection, consolidation. */
export const PRIORITY: Record<LlmPurpose, number> = {
  reply: 0,
  conversation: 1,
  reaction: 1,
  relationship: 2,
  plan_day: 2,
  plan_hour: 2,
  plan_actions: 2,
  importance: 3,
  reflection_questions: 3,
  reflection_insights: 3,
  metacognition: 4,
  day_summary: 4,
  consolidation: 4,
  judge: 5,
};

// Replies keep a player waiting: they run even when the world is idle or the agent is over budget.
const ALWAYS_RUN: ReadonlySet<LlmPurpose> = new Set(["reply"]);

export interface JobSpec<T> {
  agentId: string;
  purpose: LlmPurpose;
  /** Tokens the job is expected to spend, charged to the agent's hourly budget up front. */
  estimatedTokens: number;
  /** Checked before the job starts and after it ends: a stale job's result is dropped. */
  isStale?: () => boolean;
  run(signal: AbortSignal): Promise<{ value: T; tokens: number }>;
}

export type JobOutcome<T> =
  | { status: "done"; jobId: number; value: T }
  | { status: "skipped"; jobId: number; reason: "budget" | "idle" | "stale" | "cancelled" | "failed"; error?: Error };

export interface WorldSchedulerOptions {
  /** Tokens one agent may spend per game hour (replies excepted). */
  tokensPerAgentPerGameHour: number;
  /** The current game hour of this world's own clock (whole hours since day 1, 00:00), for budgets. */
  gameHour: () => number;
}

/** A world alone with a scheduler of its own (the simulator, tests): LLM calls in flight at once, across all its agents. */
export interface SchedulerOptions extends WorldSchedulerOptions {
  concurrency: number;
}

/** A world whose jobs share the process-wide scheduler (the game server's worlds). */
export interface SharedSchedulerOptions extends WorldSchedulerOptions {
  calls: ModelCallScheduler;
}

interface QueuedJob {
  id: number;
  priority: number;
  spec: JobSpec<unknown>;
  resolve: (outcome: JobOutcome<unknown>) => void;
  controller: AbortController;
}

/**
 * One world's queue for its LLM calls: priorities, per-agent token budgets per game hour of the world's
 * own clock, idle mode (no players: no spend) and stale-result fencing. When its jobs run is up to the
 * process-wide ModelCallScheduler (global concurrency, fairness between worlds). A job that cannot run is
 * "skipped" with a reason, and the caller falls back to the offline rule, so agents keep living.
 */
export class JobScheduler implements WorldQueue {
  private readonly queue: QueuedJob[] = [];
  private readonly running = new Set<QueuedJob>();
  private readonly spent = new Map<string, { hour: number; tokens: number }>();
  private readonly calls: ModelCallScheduler;
  private nextId = 1;
  private idle = false;
  private closed = false;
  readonly counts = { submitted: 0, done: 0, skipped: 0, failed: 0 };

  constructor(private readonly options: SchedulerOptions | SharedSchedulerOptions) {
    this.calls = "calls" in options ? options.calls : new ModelCallScheduler({ concurrency: options.concurrency });
    this.calls.join(this);
  }

  /** With no players in the world, only replies run. */
  setIdle(idle: boolean): void {
    this.idle = idle;
    if (idle) for (const job of [...this.queue]) if (!ALWAYS_RUN.has(job.spec.purpose)) this.finish(job, { status: "skipped", jobId: job.id, reason: "idle" });
  }

  get isIdle(): boolean {
    return this.idle;
  }

  get pending(): number {
    return this.queue.length + this.running.size;
  }

  submit<T>(spec: JobSpec<T>): Promise<JobOutcome<T>> {
    this.counts.submitted++;
    const id = this.nextId++;
    return new Promise<JobOutcome<T>>((resolve) => {
      const job: QueuedJob = { id, priority: PRIORITY[spec.purpose], spec: spec as JobSpec<unknown>, resolve: resolve as (o: JobOutcome<unknown>) => void, controller: new AbortController() };
      const refusal = this.refusal(job);
      if (refusal) return this.finish(job, { status: "skipped", jobId: id, reason: refusal });
      // Kept in run order (priority, then arrival), so the most urgent job is always first.
      const after = this.queue.findIndex((queued) => queued.priority > job.priority);
      this.queue.splice(after < 0 ? this.queue.length : after, 0, job);
      this.calls.pump();
    });
  }

  /** The world is dropped (room disposed, agents reloaded): its queued jobs are cancelled, its running ones aborted, later ones refused. */
  close(): void {
    this.closed = true;
    this.calls.leave(this);
    for (const job of [...this.queue]) this.finish(job, { status: "skipped", jobId: job.id, reason: "cancelled" });
    for (const job of this.running) job.controller.abort();
  }

  /** Drops an agent's queued jobs and aborts its running ones (the agent was removed or re-planned). */
  cancelAgent(agentId: string): void {
    for (const job of [...this.queue]) if (job.spec.agentId === agentId) this.finish(job, { status: "skipped", jobId: job.id, reason: "cancelled" });
    for (const job of this.running) if (job.spec.agentId === agentId) job.controller.abort();
  }

  /** Tokens an agent has spent in the current game hour. */
  spentThisHour(agentId: string): number {
    const entry = this.spent.get(agentId);
    return entry && entry.hour === this.options.gameHour() ? entry.tokens : 0;
  }

  /** Resolves once nothing is queued or running (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.pending > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  private refusal(job: QueuedJob): "budget" | "idle" | "stale" | "cancelled" | undefined {
    if (this.closed) return "cancelled";
    const always = ALWAYS_RUN.has(job.spec.purpose);
    if (job.spec.isStale?.()) return "stale";
    if (!always && this.idle) return "idle";
    if (!always && this.spentThisHour(job.spec.agentId) + job.spec.estimatedTokens > this.options.tokensPerAgentPerGameHour) return "budget";
    return undefined;
  }

  nextPriority(): number | undefined {
    return this.queue[0]?.priority;
  }

  startNext(): Promise<void> | undefined {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      const refusal = this.refusal(job);
      if (refusal) {
        this.finish(job, { status: "skipped", jobId: job.id, reason: refusal });
        continue;
      }
      this.charge(job.spec.agentId, job.spec.estimatedTokens);
      this.running.add(job);
      return this.execute(job);
    }
    return undefined;
  }

  private async execute(job: QueuedJob): Promise<void> {
    try {
      const { value, tokens } = await job.spec.run(job.controller.signal);
      this.charge(job.spec.agentId, tokens - job.spec.estimatedTokens);
      if (job.controller.signal.aborted) this.finish(job, { status: "skipped", jobId: job.id, reason: "cancelled" });
      else if (job.spec.isStale?.()) this.finish(job, { status: "skipped", jobId: job.id, reason: "stale" });
      else this.finish(job, { status: "done", jobId: job.id, value });
    } catch (error) {
      this.counts.failed++;
      this.finish(job, { status: "skipped", jobId: job.id, reason: job.controller.signal.aborted ? "cancelled" : "failed", error: error as Error });
    } finally {
      this.running.delete(job);
    }
  }

  private charge(agentId: string, tokens: number): void {
    const hour = this.options.gameHour();
    const entry = this.spent.get(agentId);
    if (!entry || entry.hour !== hour) this.spent.set(agentId, { hour, tokens: Math.max(0, tokens) });
    else entry.tokens = Math.max(0, entry.tokens + tokens);
  }

  private finish(job: QueuedJob, outcome: JobOutcome<unknown>): void {
    const index = this.queue.indexOf(job);
    if (index >= 0) this.queue.splice(index, 1);
    if (outcome.status === "done") this.counts.done++;
    else this.counts.skipped++;
    job.resolve(outcome);
  }
}
