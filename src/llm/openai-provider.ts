import { pino, type Logger } from "pino";
import type { BackoffOptions } from "./backoff.ts";
import { CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker.ts";
import { DEFAULT_LLM_TIMEOUT_MS, MAX_INVALID_ANSWERS } from "./constants.ts";
import { parseAnswer } from "./json-answer.ts";
import { callStatusOf, countsAgainstEndpoint, type LlmFailure } from "./llm-failure.ts";
import { completeChat, streamChat, type ChatReply, type ChatRequest } from "./openai-chat.ts";
import { createOpenAiClient, displayBaseUrl, redactSecret } from "./openai-client.ts";
import { OPENAI_PRICES, type PriceTable } from "./prices.ts";
import { correctiveMessage, responseFormatFor } from "./response-format.ts";
import { sleep as realSleep, type Sleep } from "./sleep.ts";
import { fallbackText, type CallOptions, type ChatMessage, type CognitiveTask, type LlmProvider, type LlmResult, type TextTask } from "./task.ts";
import { estimatePromptTokens, estimateTextTokens } from "./token-estimate.ts";
import { usageFor } from "./usage.ts";
import { DEFAULT_RETRY_POLICY, withRetries, type RetryEnvironment, type RetryPolicy } from "./with-retries.ts";
import { emitInWordChunks } from "./word-chunks.ts";

export interface OpenAiProviderOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  /** Limit for one request, streamed body included. The caller's signal bounds the whole call. */
  timeoutMs?: number;
  /** Requests per answer for 429, 5xx, timeouts and connection errors, the first included. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  maxRetryAfterMs?: number;
  /** Options for a breaker of our own, or one to share (e.g. with the embedder of the same endpoint). */
  breaker?: CircuitBreaker | CircuitBreakerOptions;
  prices?: PriceTable;
  logger?: Logger;
  /** Wall-clock milliseconds: drives the breaker's cooldown and the reported latency. */
  now?: () => number;
  /** Waits between retries; tests record the waits instead of sleeping. */
  sleep?: Sleep;
  random?: () => number;
}

export interface OpenAiProvider extends LlmProvider {
  readonly name: "openai";
  readonly breaker: CircuitBreaker;
}


/** What one call has used so far, across retries and the corrective round. */
interface CallTally {
  attempts: number;
  tokensIn: number;
  tokensOut: number;
  invalidAnswers: number;
}

/**
 * Language-model answers from any OpenAI-compatible endpoint through the official SDK, and the offline
 * answer whenever the model cannot give a usable one, so that agents keep living. The result's status
 * says which: "ok", "fallback" (with `failure` saying why), or "rejected" (circuit open, no request made).
 * Rejects only when the caller's signal aborts.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): OpenAiProvider {
  const model = options.model;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const prices = options.prices ?? OPENAI_PRICES;
  const logger = (options.logger ?? pino({ level: "silent" })).child({ provider: "openai", model });
  const client = createOpenAiClient({ apiKey: options.apiKey, baseURL: options.baseURL, timeoutMs });
  const breaker = options.breaker instanceof CircuitBreaker ? options.breaker : new CircuitBreaker({ now, ...options.breaker });
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    backoff: options.backoff ?? DEFAULT_RETRY_POLICY.backoff,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
  };
  const secretFree = (text: string) => redactSecret(text, options.apiKey);

  breaker.onStateChange((state, previous) => logger.warn({ breaker: state, previous, baseURL: displayBaseUrl(options.baseURL) }, "llm circuit breaker changed state"));

  function retryEnvironment(purpose: string, callOptions: CallOptions | undefined, mayRetry?: () => boolean): RetryEnvironment {
    return {
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      now,
      signal: callOptions?.signal,
      ...(mayRetry ? { mayRetry } : {}),
      onRetry: (failure, attempt, delayMs) =>
        logger.info({ purpose, agentId: callOptions?.agentId, kind: failure.kind, httpStatus: failure.httpStatus, attempt, delayMs }, "llm request failed, retrying"),
    };
  }

  function countReply(tally: CallTally, messages: readonly ChatMessage[], reply: ChatReply): void {
    tally.tokensIn += reply.tokensIn ?? estimatePromptTokens(messages);
    tally.tokensOut += reply.tokensOut ?? estimateTextTokens(reply.text);
  }

  function finish<Answer>(
    purpose: string,
    callOptions: CallOptions | undefined,
    started: number,
    tally: CallTally,
    outcome: Pick<LlmResult<Answer>, "value" | "status" | "failure" | "error">,
  ): LlmResult<Answer> {
    const usage = usageFor("openai", model, { tokensIn: tally.tokensIn, tokensOut: tally.tokensOut, latencyMs: now() - started }, prices);
    const result: LlmResult<Answer> = { ...outcome, usage, attempts: tally.attempts, ...(tally.invalidAnswers ? { invalidAnswers: tally.invalidAnswers } : {}) };
    const line = {
      purpose,
      agentId: callOptions?.agentId,
      worldId: callOptions?.worldId,
      status: result.status,
      failure: result.failure,
      error: result.error,
      attempts: result.attempts,
      invalidAnswers: result.invalidAnswers,
      latencyMs: usage.latencyMs,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      costUsd: usage.costUsd,
    };
    // While the circuit is open every call is refused; the breaker's own warning already said so once.
    if (result.status === "ok" || result.status === "rejected") logger.debug(line, "llm call");
    else logger.warn(line, "llm call did not use the model's answer");
    return result;
  }

  function failed(failure: LlmFailure): { failure: "error" | "timeout"; error: string } {
    // The SDK's messages start with the HTTP status ("429 Rate limit reached").
    return { failure: callStatusOf(failure), error: secretFree(`${failure.kind}: ${failure.message}`) };
  }

  function recordFailure(failure: LlmFailure): void {
    if (countsAgainstEndpoint(failure)) breaker.recordFailure();
    else breaker.release();
  }

  /** Runs `call` with the breaker's permission; a caller's abort tells the breaker nothing. */
  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (abort) {
      breaker.release();
      throw abort;
    }
  }

  async function run<Context, Answer>(task: CognitiveTask<Context, Answer>, context: Context, callOptions?: CallOptions): Promise<LlmResult<Answer>> {
    const started = now();
    const tally: CallTally = { attempts: 0, tokensIn: 0, tokensOut: 0, invalidAnswers: 0 };
    const end = (outcome: Pick<LlmResult<Answer>, "value" | "status" | "failure" | "error">) => finish(task.purpose, callOptions, started, tally, outcome);
    if (!breaker.tryAcquire()) return end({ value: task.offline(context), status: "rejected", error: "circuit open: the model failed repeatedly" });

    return guarded(async () => {
      const messages = [...task.prompt(context)];
      logger.trace({ purpose: task.purpose, messages }, "llm prompt");
      const request: ChatRequest = { model, messages, maxTokens: task.maxTokens, responseFormat: responseFormatFor(task) };
      for (;;) {
        const outcome = await withRetries(() => completeChat(client, request, { timeoutMs, signal: callOptions?.signal }), policy, retryEnvironment(task.purpose, callOptions));
        tally.attempts += outcome.attempts;
        if (!outcome.ok) {
          recordFailure(outcome.failure);
          return end({ value: task.offline(context), status: "fallback", ...failed(outcome.failure) });
        }
        breaker.recordSuccess();
        countReply(tally, messages, outcome.value);
        const parsed = parseAnswer(outcome.value.text, task.schema);
        if (parsed.ok) return end({ value: parsed.value, status: "ok" });
        tally.invalidAnswers += 1;
        logger.debug({ purpose: task.purpose, invalidAnswers: tally.invalidAnswers, problem: parsed.problem }, "llm answer invalid");
        if (tally.invalidAnswers >= MAX_INVALID_ANSWERS) {
          return end({ value: task.offline(context), status: "fallback", failure: "invalid", error: secretFree(`invalid answer: ${parsed.problem}`) });
        }
        messages.push({ role: "assistant", content: outcome.value.text }, { role: "user", content: correctiveMessage(parsed.problem, task.schemaName) });
      }
    });
  }

  async function stream<Context>(task: TextTask<Context>, context: Context, onChunk: (chunk: string) => void, callOptions?: CallOptions): Promise<LlmResult<string>> {
    const started = now();
    const tally: CallTally = { attempts: 0, tokensIn: 0, tokensOut: 0, invalidAnswers: 0 };
    const end = (outcome: Pick<LlmResult<string>, "value" | "status" | "failure" | "error">) => finish(task.purpose, callOptions, started, tally, outcome);
    const offlineText = () => {
      const text = fallbackText(task, context);
      emitInWordChunks(text, onChunk);
      return text;
    };
    if (!breaker.tryAcquire()) return end({ value: offlineText(), status: "rejected", error: "circuit open: the model failed repeatedly" });

    return guarded(async () => {
      const messages = task.prompt(context);
      logger.trace({ purpose: task.purpose, messages }, "llm prompt");
      const request: ChatRequest = { model, messages, maxTokens: task.maxTokens };
      let shown = "";
      const attempt = () => {
        shown = "";
        return streamChat(client, request, { timeoutMs, signal: callOptions?.signal }, (delta) => {
          shown += delta;
          onChunk(delta);
        });
      };
      // Once a player has seen part of an answer, starting over would repeat it.
      const outcome = await withRetries(attempt, policy, retryEnvironment(task.purpose, callOptions, () => shown === ""));
      tally.attempts = outcome.attempts;
      if (!outcome.ok) {
        recordFailure(outcome.failure);
        if (shown === "") return end({ value: offlineText(), status: "fallback", ...failed(outcome.failure) });
        countReply(tally, messages, { text: shown });
        const { failure, error } = failed(outcome.failure);
        return end({ value: shown, status: failure, failure, error });
      }
      breaker.recordSuccess();
      countReply(tally, messages, outcome.value);
      if (outcome.value.text.trim() !== "") return end({ value: outcome.value.text, status: "ok" });
      tally.invalidAnswers = 1;
      return end({ value: offlineText(), status: "fallback", failure: "invalid", error: "invalid answer: the answer was empty" });
    });
  }

  return { name: "openai", model, breaker, run, stream };
}
