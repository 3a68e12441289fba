/** USD per 1 million tokens. Embedding models have no output tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * OpenAI list prices, standard tier (no batch or cached-input discounts), checked 2026-11-23.
 * Update when OpenAI changes them; cost reports are estimates, the invoice is the truth.
 */
export const OPENAI_PRICES: PriceTable = {
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  "text-embedding-3-small": { inputPerMillion: 0.02, outputPerMillion: 0 },
  "text-embedding-3-large": { inputPerMillion: 0.13, outputPerMillion: 0 },
  "text-embedding-ada-002": { inputPerMillion: 0.1, outputPerMillion: 0 },
};

/** Dated snapshots ("gpt-4o-mini-2024-07-18") cost what their family costs. */
const DATED_SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

/**
 * The price of a model, or undefined for models not in the table: local models (Ollama, vLLM,
 * llama.cpp) and anything newer than the table. Those are reported as costing 0.
 */
export function priceOf(model: string, prices: PriceTable = OPENAI_PRICES): ModelPrice | undefined {
  return prices[model] ?? prices[model.replace(DATED_SNAPSHOT, "")];
}

export function isPriced(model: string, prices: PriceTable = OPENAI_PRICES): boolean {
  return priceOf(model, prices) !== undefined;
}

/** Estimated cost in USD; 0 for unknown models (see priceOf). */
export function costUsd(model: string, tokensIn: number, tokensOut: number, prices: PriceTable = OPENAI_PRICES): number {
  const price = priceOf(model, prices);
  if (!price) return 0;
  return (tokensIn * price.inputPerMillion + tokensOut * price.outputPerMillion) / 1_000_000;
}
