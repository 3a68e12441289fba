import type { ChatMessage } from "./task.ts";

/**
 * Token counts without a tokenizer: about 4 characters per token, OpenAI's published rule of thumb for
 * English with its BPE tokenizers (cl100k/o200k). Characters rather than words because prompts and
 * answers here are full of JSON, punctuation and names, where "words" are ill-defined; the estimate is
 * within roughly 10-20% for English prose, which is enough for budgets and cost reports, not billing.
 */
export const CHARACTERS_PER_TOKEN = 4;

/** Chat formatting adds a few tokens per message (role, separators) and a few to prime the reply. */
export const TOKENS_PER_MESSAGE = 4;
export const TOKENS_PER_REPLY = 3;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  if (messages.length === 0) return 0;
  let total = TOKENS_PER_REPLY;
  for (const message of messages) total += TOKENS_PER_MESSAGE + estimateTextTokens(message.content);
  return total;
}
