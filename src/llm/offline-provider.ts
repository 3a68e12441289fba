import type { CognitiveTask, LlmProvider, LlmResult, TextTask } from "./task.ts";
import { usageFor } from "./usage.ts";
import { emitInWordChunks } from "./word-chunks.ts";

export const OFFLINE_MODEL = "offline-rules";

/**
 * The rule-based mind: every task's own offline answer, at zero cost and without a network. It is not
 * a language model and is labelled "offline" wherever usage is reported.
 */
export function createOfflineProvider(): LlmProvider {
  const free = usageFor("offline", OFFLINE_MODEL, { tokensIn: 0, tokensOut: 0, latencyMs: 0 });
  return {
    name: "offline",
    model: OFFLINE_MODEL,
    async run<Context, Answer>(task: CognitiveTask<Context, Answer>, context: Context): Promise<LlmResult<Answer>> {
      return { value: task.offline(context), usage: { ...free }, status: "ok", attempts: 1 };
    },
    async stream<Context>(task: TextTask<Context>, context: Context, onChunk: (chunk: string) => void): Promise<LlmResult<string>> {
      const text = task.offline(context);
      emitInWordChunks(text, onChunk);
      return { value: text, usage: { ...free }, status: "ok", attempts: 1 };
    },
  };
}
