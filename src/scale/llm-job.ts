import { z } from "zod";
import type { CognitiveTask, LlmResult } from "../llm/task.ts";

/** Every structured task a worker can run, by name (the task's schemaName). */
export type TaskRegistry = ReadonlyMap<string, CognitiveTask<unknown, unknown>>;

/** What a game server puts on the queue: the task by name and its context as plain JSON. */
export const LlmJobData = z.object({
  task: z.string().min(1),
  context: z.unknown(),
  agentId: z.string().optional(),
  worldId: z.string().optional(),
});
export type LlmJobData = z.infer<typeof LlmJobData>;

/** What a worker sends back: the provider's LlmResult, checked at the edge like any outside input. */
export const LlmJobResult = z.object({
  value: z.unknown(),
  usage: z.object({
    provider: z.enum(["openai", "offline", "counting"]),
    model: z.string(),
    tokensIn: z.number().nonnegative(),
    tokensOut: z.number().nonnegative(),
    latencyMs: z.number().nonnegative(),
    costUsd: z.number().nonnegative(),
  }),
  status: z.enum(["ok", "error", "timeout", "invalid", "fallback", "rejected"]),
  attempts: z.number().int().nonnegative(),
  failure: z.enum(["error", "timeout", "invalid"]).optional(),
  invalidAnswers: z.number().int().nonnegative().optional(),
  error: z.string().optional(),
});

export function parseJobResult<Answer>(raw: unknown, taskName: string): LlmResult<Answer> {
  const parsed = LlmJobResult.safeParse(raw);
  if (!parsed.success) throw new Error(`a worker returned a malformed result for LLM task "${taskName}": ${parsed.error.message}; are the workers running the same version as this server?`);
  return parsed.data as LlmResult<Answer>;
}
