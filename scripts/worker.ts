import { cognitiveTasks } from "../agents/task-registry.ts";
import { createProviders } from "../src/llm/create-providers.ts";
import { createEntryLogger } from "../src/log.ts";
import { configOrExit, stopOnSignals } from "../src/process-entry.ts";
import { startLlmWorker } from "../src/scale/llm-worker.ts";

/** `npm run worker`: takes agents' LLM jobs from the Redis queue that game servers with LLM_QUEUE=true fill. */
async function main(): Promise<void> {
  const config = configOrExit("worker");
  const log = createEntryLogger(config, "living-world-worker");
  const providers = createProviders(config, { logger: log });
  const worker = await startLlmWorker({
    redisUrl: config.REDIS_URL!,
    queueName: config.LLM_QUEUE_NAME,
    tasks: cognitiveTasks,
    llm: providers.llm,
    concurrency: config.WORKER_CONCURRENCY,
    lockMs: config.WORKER_LOCK_MS,
    stalledCheckMs: config.WORKER_STALLED_CHECK_MS,
    log,
  });
  log.info({ queue: config.LLM_QUEUE_NAME, concurrency: config.WORKER_CONCURRENCY, mind: providers.label, pid: process.pid }, "LLM worker ready");
  stopOnSignals(log, { stopping: "LLM worker finishing its jobs and stopping", failed: "LLM worker did not stop cleanly" }, () => worker.close());
}

main().catch((error: Error) => {
  process.stderr.write(`Living World LLM worker failed to start: ${error.message}\n`);
  process.exit(1);
});
