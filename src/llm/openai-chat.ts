import type { OpenAI } from "openai";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import { startAttemptDeadline } from "./attempt-deadline.ts";
import type { ChatMessage } from "./task.ts";

export interface ChatRequest {
  model: string;
  messages: readonly ChatMessage[];
  maxTokens: number;
  responseFormat?: ResponseFormatJSONSchema;
}

/** One model reply; token counts are absent when the server does not report them. */
export interface ChatReply {
  text: string;
  tokensIn?: number | undefined;
  tokensOut?: number | undefined;
}

export interface AttemptLimits {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

function requestBody(request: ChatRequest) {
  return {
    model: request.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    // max_tokens rather than max_completion_tokens: every OpenAI-compatible server understands it.
    max_tokens: request.maxTokens,
    ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
  };
}

/** One non-streaming request, bounded by its own deadline. */
export async function completeChat(client: OpenAI, request: ChatRequest, limits: AttemptLimits): Promise<ChatReply> {
  const deadline = startAttemptDeadline(limits.timeoutMs, limits.signal);
  try {
    const completion = await client.chat.completions.create(requestBody(request), { signal: deadline.signal, timeout: limits.timeoutMs });
    return {
      text: completion.choices[0]?.message?.content ?? "",
      tokensIn: completion.usage?.prompt_tokens,
      tokensOut: completion.usage?.completion_tokens,
    };
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}

/** One streaming request: each text delta goes to onDelta as it arrives; usage comes in the last chunk when the server sends it. */
export async function streamChat(client: OpenAI, request: ChatRequest, limits: AttemptLimits, onDelta: (delta: string) => void): Promise<ChatReply> {
  const deadline = startAttemptDeadline(limits.timeoutMs, limits.signal);
  try {
    const body = { ...requestBody(request), stream: true as const, stream_options: { include_usage: true } };
    const stream = await client.chat.completions.create(body, { signal: deadline.signal, timeout: limits.timeoutMs });
    const reply: ChatReply = { text: "" };
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        reply.text += delta;
        onDelta(delta);
      }
      if (chunk.usage) {
        reply.tokensIn = chunk.usage.prompt_tokens;
        reply.tokensOut = chunk.usage.completion_tokens;
      }
    }
    // The SDK ends an aborted stream quietly; a cut-off answer must not pass for a whole one.
    deadline.throwIfAborted();
    return reply;
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}
