import type { z } from "zod";

/** What an LLM call is for; used for priorities, budgets, metrics and llm_calls.purpose. */
export type LlmPurpose =
  | "reply"
  | "reaction"
  | "plan_day"
  | "plan_hour"
  | "plan_actions"
  | "importance"
  | "reflection_questions"
  | "reflection_insights"
  | "metacognition"
  | "day_summary"
  | "consolidation"
  | "conversation"
  | "relationship"
  /** An evaluation's judge rating an answer (scripts/interview), never part of a world's thinking. */
  | "judge";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * One kind of thinking, defined once for every provider: the prompt a language model gets, the zod
 * schema its JSON answer must satisfy, and the rule-based answer the offline provider gives for the same
 * context. The openai provider sends `prompt(context)` and validates against `schema`; the offline
 * provider returns `offline(context)`; the counting provider returns `offline(context)` but counts the
 * tokens `prompt(context)` would have cost.
 */
export interface CognitiveTask<Context, Answer> {
  purpose: LlmPurpose;
  /** Names the JSON schema sent as the structured-output format. */
  schemaName: string;
  schema: z.ZodType<Answer>;
  prompt(context: Context): ChatMessage[];
  offline(context: Context): Answer;
  /** Upper bound on answer tokens. */
  maxTokens: number;
}

/** Free text (a spoken reply), streamed when the provider can. */
export interface TextTask<Context> {
  purpose: LlmPurpose;
  prompt(context: Context): ChatMessage[];
  offline(context: Context): string;
  /**
   * What is said when the model was asked and could not answer (failing, hanging, circuit open):
   * for a player's reply, an in-character "can't talk now". Without it, the offline text is used.
   */
  unavailable?(context: Context): string;
  maxTokens: number;
}

/** The text a task falls back to when its model failed. */
export function fallbackText<Context>(task: TextTask<Context>, context: Context): string {
  return task.unavailable?.(context) ?? task.offline(context);
}

export interface LlmUsage {
  provider: ProviderName;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  costUsd: number;
}

export type ProviderName = "openai" | "offline" | "counting";

export type CallStatus = "ok" | "error" | "timeout" | "invalid" | "fallback" | "rejected";

export interface LlmResult<Answer> {
  value: Answer;
  usage: LlmUsage;
  /** How the call ended: "fallback" means the offline answer was used after the model failed. */
  status: CallStatus;
  attempts: number;
  /** With status "fallback" (or a partial stream): why the model's answer was not used. */
  failure?: "error" | "timeout" | "invalid";
  /** Answers the model gave that were not valid JSON or did not match the schema (each retried or replaced). */
  invalidAnswers?: number;
  /** A short, secret-free description of the last failure, for logs and llm_calls.error. */
  error?: string;
}

export interface CallOptions {
  agentId?: string;
  worldId?: string;
  signal?: AbortSignal;
}

export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  run<Context, Answer>(task: CognitiveTask<Context, Answer>, context: Context, options?: CallOptions): Promise<LlmResult<Answer>>;
  /** Streams chunks of the answer to onChunk as they arrive, then resolves with the whole text. */
  stream<Context>(task: TextTask<Context>, context: Context, onChunk: (chunk: string) => void, options?: CallOptions): Promise<LlmResult<string>>;
}

export interface EmbeddingProvider {
  /** Stored beside each vector (agent_memories.embedding_model); one HNSW index per model. */
  readonly model: string;
  readonly dimensions: number;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}
