import type { CallRecorder } from "../agents/engine/ports.ts";
import type { LlmCallWriter } from "../db/llm-call-writer.ts";
import type { Metrics } from "../src/shared-kernel/metrics.ts";

/** Every LLM call goes to the metrics at once and to llm_calls write-behind. */
export function llmCallRecorder(worldId: string, writer: LlmCallWriter, metrics?: Metrics): CallRecorder {
  return ({ agentId, purpose, result, error, gameTime }) => {
    const usage = result?.usage;
    const status = result?.status ?? "error";
    const provider = usage?.provider ?? "unknown";
    metrics?.llmCalls.inc({ purpose, provider, status });
    if (usage) {
      metrics?.llmTokens.inc({ direction: "in", provider }, usage.tokensIn);
      metrics?.llmTokens.inc({ direction: "out", provider }, usage.tokensOut);
      metrics?.llmCost.inc({ provider }, usage.costUsd);
      metrics?.llmLatency.observe({ purpose }, usage.latencyMs / 1000);
    }
    writer.add({
      worldId,
      agentId,
      purpose,
      provider,
      model: usage?.model ?? "unknown",
      tokensIn: usage?.tokensIn ?? 0,
      tokensOut: usage?.tokensOut ?? 0,
      latencyMs: usage?.latencyMs ?? 0,
      costUsd: usage?.costUsd ?? 0,
      status,
      error: result?.error ?? error?.message ?? null,
      gameTime,
    });
  };
}
