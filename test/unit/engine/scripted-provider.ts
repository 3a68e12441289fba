import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import type { CognitiveTask, LlmProvider, LlmResult, TextTask } from "../../../src/llm/task.ts";

/** A model answer for one task, by the task's schema name, computed from the task's context. */
export type ScriptedAnswers = Record<string, (context: never) => unknown>;

/**
 * A language model in-process: the answers a test scripts, by schema name, and every other task the offline
 * mind's answer. Every call is listed (schema name, or purpose for spoken text) with its context, so a test
 * can see what the engine asked.
 */
export function scriptedProvider(answers: ScriptedAnswers): LlmProvider & { calls: { name: string; context: unknown }[] } {
  const offline = createOfflineProvider();
  const calls: { name: string; context: unknown }[] = [];
  return {
    name: offline.name,
    model: "scripted",
    calls,
    async run<Context, Answer>(task: CognitiveTask<Context, Answer>, context: Context): Promise<LlmResult<Answer>> {
      calls.push({ name: task.schemaName, context });
      const result = await offline.run(task, context);
      const answer = answers[task.schemaName];
      return answer ? { ...result, value: task.schema.parse(answer(context as never)) } : result;
    },
    stream<Context>(task: TextTask<Context>, context: Context, onChunk: (chunk: string) => void): Promise<LlmResult<string>> {
      calls.push({ name: task.purpose, context });
      return offline.stream(task, context, onChunk);
    },
  };
}
