import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { LlmProvider, LlmResult } from "../llm/task.ts";
import type { Logger } from "../log.ts";
import { LlmJobData, type TaskRegistry } from "./llm-job.ts";

// A job whose worker died is put back for another worker this many times, then fails (the agent
// then falls back to the offline provider), so one poisonous job cannot take down worker after worker.
const MAX_STALLED_RETRIES = 2;

export interface LlmWorkerOptions {
  redisUrl: string;
  queueName: string;
  tasks: TaskRegistry;
  llm: LlmProvider;
  /** Jobs in flight at once in this process. */
  concurrency: number;
  /** A job's lock lasts this long and is renewed while the worker lives; a dead worker's job is retried once it expires. */
  lockMs: number;
  /** How often this worker looks for jobs whose lock expired. */
  stalledCheckMs: number;
  log: Logger;
}

export interface LlmWorker {
  /** Finishes the jobs in hand, then stops taking new ones. */
  close(): Promise<void>;
}

/** Takes LLM jobs from the queue, runs each task with this process's provider and returns its LlmResult. */
export async function startLlmWorker(options: LlmWorkerOptions): Promise<LlmWorker> {
  const { log, tasks, llm } = options;
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker<LlmJobData, LlmResult<unknown>>(
    options.queueName,
    async (job) => {
      const data = LlmJobData.parse(job.data);
      const task = tasks.get(data.task);
      if (!task) throw new UnrecoverableError(`unknown LLM task "${data.task}": this worker runs another version than the server that queued it; deploy both from the same commit`);
      const result = await llm.run(task, data.context, { agentId: data.agentId, worldId: data.worldId });
      log.debug({ job: job.id, task: data.task, agent: data.agentId, world: data.worldId, status: result.status, latencyMs: result.usage.latencyMs }, "llm job done");
      return result;
    },
    { connection, concurrency: options.concurrency, lockDuration: options.lockMs, stalledInterval: options.stalledCheckMs, maxStalledCount: MAX_STALLED_RETRIES },
  );
  worker.on("error", (error) => log.warn({ err: error.message }, "llm worker: Redis error (retrying)"));
  worker.on("failed", (job, error) => log.warn({ job: job?.id, task: job?.name, err: error.message }, "llm job failed"));
  worker.on("stalled", (jobId) => log.warn({ job: jobId }, "llm job stalled (its worker stopped answering): retried by another worker"));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
