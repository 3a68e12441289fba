import { estimatePromptTokens } from "../../src/llm/token-estimate.ts";
import { fallbackText, type CognitiveTask, type LlmProvider, type TextTask } from "../../src/llm/task.ts";
import { emitInWordChunks } from "../../src/llm/word-chunks.ts";
import type { JobScheduler } from "../job-scheduler.ts";
import type { CallRecorder } from "./ports.ts";

export type Thought<Answer> = { value: Answer; from: "model" | "offline" } | { stale: true };

/**
 * Runs one cognitive task through the scheduler. When the scheduler will not run it (over budget,
 * idle world, failure) the agent still gets an answer: the offline provider's, so it keeps living.
 * A result that went stale while the model was thinking (the agent moved on) is dropped.
 */
export class Thinker {
  constructor(
    private readonly llm: LlmProvider,
    private readonly scheduler: JobScheduler,
    private readonly record: CallRecorder,
    private readonly gameTime: () => number,
    private readonly worldId: string,
  ) {}

  async think<Context, Answer>(agentId: string, task: CognitiveTask<Context, Answer>, context: Context, isStale?: () => boolean): Promise<Thought<Answer>> {
    const outcome = await this.scheduler.submit({
      agentId,
      purpose: task.purpose,
      estimatedTokens: estimatePromptTokens(task.prompt(context)) + task.maxTokens,
      isStale,
      run: async (signal) => {
        const result = await this.llm.run(task, context, { agentId, worldId: this.worldId, signal });
        this.record({ agentId, purpose: task.purpose, result, gameTime: this.gameTime() });
        return { value: result, tokens: result.usage.tokensIn + result.usage.tokensOut };
      },
    });
    if (outcome.status === "done") return { value: outcome.value.value, from: outcome.value.status === "ok" ? "model" : "offline" };
    if (outcome.reason === "stale" || outcome.reason === "cancelled") return { stale: true };
    if (outcome.reason === "failed") this.record({ agentId, purpose: task.purpose, result: null, error: outcome.error, gameTime: this.gameTime() });
    return { value: task.offline(context), from: "offline" };
  }

  /**
   * Speaks: a text task streamed chunk by chunk to onChunk, first in the scheduler's queue. When the
   * model cannot answer, the offline provider's line is streamed the same way; either way onChunk's chunks
   * join into the returned text.
   */
  async speak<Context>(agentId: string, task: TextTask<Context>, context: Context, onChunk: (chunk: string) => void): Promise<{ text: string; from: "model" | "offline" }> {
    const outcome = await this.scheduler.submit({
      agentId,
      purpose: task.purpose,
      estimatedTokens: estimatePromptTokens(task.prompt(context)) + task.maxTokens,
      run: async (signal) => {
        const result = await this.llm.stream(task, context, onChunk, { agentId, worldId: this.worldId, signal });
        this.record({ agentId, purpose: task.purpose, result, gameTime: this.gameTime() });
        return { value: result, tokens: result.usage.tokensIn + result.usage.tokensOut };
      },
    });
    if (outcome.status === "done") return { text: outcome.value.value, from: outcome.value.status === "ok" ? "model" : "offline" };
    if (outcome.reason === "failed") this.record({ agentId, purpose: task.purpose, result: null, error: outcome.error, gameTime: this.gameTime() });
    const text = fallbackText(task, context);
    emitInWordChunks(text, onChunk);
    return { text, from: "offline" };
  }
}
