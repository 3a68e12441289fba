import { OpenAI } from "openai";

export interface OpenAiClientOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio); unset means api.openai.com. */
  baseURL?: string | undefined;
  timeoutMs: number;
}

/**
 * The official SDK with its own retries off: our retry policy and circuit breaker decide (see
 * with-retries.ts), and two layers of retries would multiply. Its logging is off too: we log each call
 * once through pino, where secrets are redacted.
 */
export function createOpenAiClient(options: OpenAiClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    logLevel: "off",
    // Keep OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment out of requests to other endpoints.
    organization: null,
    project: null,
  });
}

/** Error texts can echo what was sent; never let the key reach a log line or a database row. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join("[redacted]");
}

/** A base URL for labels and logs, without any user:password part. */
export function displayBaseUrl(baseURL: string | undefined): string {
  if (!baseURL) return "https://api.openai.com/v1";
  try {
    const url = new URL(baseURL);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(invalid base URL)";
  }
}
