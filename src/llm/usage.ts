import { costUsd, type PriceTable } from "./prices.ts";
import type { LlmUsage, ProviderName } from "./task.ts";

export interface UsageCounts {
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

export function usageFor(provider: ProviderName, model: string, counts: UsageCounts, prices?: PriceTable): LlmUsage {
  return {
    provider,
    model,
    tokensIn: counts.tokensIn,
    tokensOut: counts.tokensOut,
    latencyMs: Math.max(0, Math.round(counts.latencyMs)),
    costUsd: costUsd(model, counts.tokensIn, counts.tokensOut, prices),
  };
}
