import { OPENAI_PRICES, type PriceTable } from "./prices.ts";
import type { CognitiveTask, LlmProvider, LlmResult, TextTask } from "./task.ts";
import { estimatePromptTokens, estimateTextTokens } from "./token-estimate.ts";
import { usageFor } from "./usage.ts";
import { emitInWordChunks } from "./word-chunks.ts";

export interface CountingProviderOptions {
  /** The model whose prompt and price are being estimated. */
  model: string;
  prices?: PriceTable;
}

/**
 * Offline answers with the bill a real model would have sent: tokens in from the prompt the openai
 * provider would send, tokens out from the answer as JSON (or text), priced for `model`. For load tests
 * and budget tuning without spending anything; counts are estimates (see token-estimate.ts).
 */
export function createCountingProvider(options: CountingProviderOptions): LlmProvider {
  const prices = options.prices ?? OPENAI_PRICES;
  const usage = (tokensIn: number, tokensOut: number) => usageFor("counting", options.model, { tokensIn, tokensOut, latencyMs: 0 }, prices);
  return {
    name: "counting",
    model: options.model,
    async run<Context, Answer>(task: CognitiveTask<Context, Answer>, context: Context): Promise<LlmResult<Answer>> {
      const value = task.offline(context);
      const tokensOut = estimateTextTokens(JSON.stringify(value));
      return { value, usage: usage(estimatePromptTokens(task.prompt(context)), tokensOut), status: "ok", attempts: 1 };
    },
    async stream<Context>(task: TextTask<Context>, context: Context, onChunk: (chunk: string) => void): Promise<LlmResult<string>> {
      const text = task.offline(context);
      emitInWordChunks(text, onChunk);
      return { value: text, usage: usage(estimatePromptTokens(task.prompt(context)), estimateTextTokens(text)), status: "ok", attempts: 1 };
    },
  };
}
