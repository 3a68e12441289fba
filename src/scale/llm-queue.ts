import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import type { CallOptions, CognitiveTask, LlmProvider, LlmPurpose, LlmResult } from "../llm/task.ts";
import { parseJobResult, type LlmJobData, type TaskRegistry } from "./llm-job.ts";

// Finished jobs are kept a while for inspection, bounded so Redis does not grow with the world's age.
const KEEP_COMPLETED = { age: 600, count: 1_000 };
const KEEP_FAILED = { age: 3_600, count: 1_000 };

export interface LlmQueueOptions {
  redisUrl: string;
  queueName: string;
  /** How long a server waits for a worker's answer before the agent falls back to the offline provider. */
  timeoutMs: number;
  tasks: TaskRegistry;
  /** Streams (spoken replies) stay in this process: a player is waiting for the first words. */
  local: LlmProvider;
  /** Lower runs first, as in the JobScheduler; workers serving many worlds take urgent jobs first. */
  priority: (purpose: LlmPurpose) => number;
}

export interface LlmQueue {
  /** Runs structured tasks on workers over the queue, streams on `local`. */
  llm: LlmProvider;
  close(): Promise<void>;
}

/**
 * The game server's side of the LLM queue. The JobScheduler still decides what runs, when and within
 * which budget; this only moves the call itself to whichever worker takes the job, and waits for its
 * result, which the room then records like any other call.
 */
export async function connectLlmQueue(options: LlmQueueOptions): Promise<LlmQueue> {
  const queueConnection = new Redis(options.redisUrl);
  // QueueEvents blocks on a stream read, which needs a connection that never gives up on a command.
  const eventsConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<LlmJobData>(options.queueName, { connection: queueConnection });
  const events = new QueueEvents(options.queueName, { connection: eventsConnection });
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  } catch (error) {
    await Promise.allSettled([queue.close(), events.close()]);
    queueConnection.disconnect();
    eventsConnection.disconnect();
    throw new Error(`cannot reach Redis for the LLM queue at REDIS_URL: ${(error as Error).message}`, { cause: error });
  }
  const names = new Map<unknown, string>([...options.tasks].map(([name, task]) => [task, name]));

  async function run<Context, Answer>(task: CognitiveTask<Context, Answer>, context: Context, call: CallOptions = {}): Promise<LlmResult<Answer>> {
    const name = names.get(task);
    if (!name) throw new Error(`LLM task "${task.schemaName}" (${task.purpose}) is not in the worker task registry (agents/task-registry.ts): add it there so workers can run it`);
    const data: LlmJobData = { task: name, context: plainJson(task, name, context), agentId: call.agentId, worldId: call.worldId };
    call.signal?.throwIfAborted();
    const job = await queue.add(name, data, { priority: options.priority(task.purpose) + 1, attempts: 1, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED });
    const forget = () => void job.remove().catch(() => {});
    try {
      const raw = await untilAborted(job.waitUntilFinished(events, options.timeoutMs), call.signal);
      return parseJobResult<Answer>(raw, name);
    } catch (error) {
      // A job nobody took yet would only cost a worker's time; one a worker holds cannot be removed.
      forget();
      if (call.signal?.aborted) throw error;
      if (/timed out/i.test((error as Error).message)) {
        throw new Error(`no worker finished LLM job "${name}" (${job.id}) within LLM_QUEUE_TIMEOUT_MS=${options.timeoutMs}: are workers (npm run worker) running on this REDIS_URL and LLM_QUEUE_NAME=${options.queueName}?`, { cause: error });
      }
      throw error;
    }
  }

  return {
    llm: { name: options.local.name, model: options.local.model, run, stream: (task, context, onChunk, call) => options.local.stream(task, context, onChunk, call) },
    async close() {
      await Promise.allSettled([queue.close(), events.close()]);
      await Promise.allSettled([queueConnection.quit(), eventsConnection.quit()]);
    },
  };
}

/** A worker sees the context only as JSON: refuse one that would lose something on the way (a Map, a Date). */
function plainJson<Context>(task: CognitiveTask<Context, unknown>, name: string, context: Context): unknown {
  const wire = JSON.parse(JSON.stringify(context)) as Context;
  if (JSON.stringify(task.prompt(wire)) !== JSON.stringify(task.prompt(context))) {
    throw new Error(`the context of LLM task "${name}" does not survive JSON (it holds a Map, Set, Date, undefined in an array or the like): pass plain data so workers see what this process sees`);
  }
  return wire;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
