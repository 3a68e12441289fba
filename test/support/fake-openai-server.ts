import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server that speaks the part of the OpenAI API the game uses, scripted per test:
 * `POST /v1/chat/completions` (plain and SSE streaming) and `POST /v1/embeddings`. Every request is
 * recorded (body and headers) so tests can assert on what the client really sent.
 */

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** What the server does with one chat request. */
export type ChatBehaviour =
  /** A normal answer; objects are sent as their JSON text. `usage: null` leaves usage out. */
  | { kind: "answer"; content: string | object; usage?: TokenUsage | null }
  /** SSE chunks, `delayMs` apart; `hangAfter` stops sending (without ending) after that many chunks. */
  | { kind: "stream"; chunks: string[]; delayMs?: number; usage?: TokenUsage | null; hangAfter?: number }
  | { kind: "status"; status: number; headers?: Record<string, string>; message?: string }
  /** Accepts the request and never answers. */
  | { kind: "hang" };

export type EmbeddingBehaviour = { kind: "vectors" } | Extract<ChatBehaviour, { kind: "status" | "hang" }>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

type Scripted<B> = B | ((request: RecordedRequest) => B);

export const answer = (content: string | object, usage?: TokenUsage | null): ChatBehaviour => ({ kind: "answer", content, ...(usage === undefined ? {} : { usage }) });
export const streamed = (chunks: string[], options: { delayMs?: number; usage?: TokenUsage | null; hangAfter?: number } = {}): ChatBehaviour => ({ kind: "stream", chunks, ...options });
/** JSON that does not parse: the answer is cut off mid-string. */
export const malformedJson = (): ChatBehaviour => answer('{"mood": "cheerful", "line": "Good morn');
export const rateLimited = (headers: Record<string, string> = { "retry-after": "1" }): ChatBehaviour & EmbeddingBehaviour => ({ kind: "status", status: 429, headers, message: "Rate limit reached" });
export const serverError = (status = 500): ChatBehaviour & EmbeddingBehaviour => ({ kind: "status", status, message: "The server had an error" });
export const failing = (status: number, message: string): ChatBehaviour & EmbeddingBehaviour => ({ kind: "status", status, message });
export const hang = (): ChatBehaviour & EmbeddingBehaviour => ({ kind: "hang" });

export interface FakeOpenAiServer {
  /** Ends in /v1, as the SDK expects. */
  baseURL: string;
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  embeddingRequests(): RecordedRequest[];
  /** Queues behaviours for the next chat requests; unscripted requests get a 500 that says so. */
  script(...behaviours: Array<Scripted<ChatBehaviour>>): void;
  /** Queues behaviours for the next embedding requests; unscripted ones get vectors. */
  scriptEmbeddings(...behaviours: Array<Scripted<EmbeddingBehaviour>>): void;
  close(): Promise<void>;
}

export interface FakeOpenAiServerOptions {
  embeddingDimensions?: number;
  /** The vector for one text; by default derived from the text, so order can be checked. */
  embedText?: (text: string) => number[];
}

export async function startFakeOpenAiServer(options: FakeOpenAiServerOptions = {}): Promise<FakeOpenAiServer> {
  const dimensions = options.embeddingDimensions ?? 8;
  const embedText = options.embedText ?? ((text: string) => defaultVector(text, dimensions));
  const requests: RecordedRequest[] = [];
  const chatQueue: Array<Scripted<ChatBehaviour>> = [];
  const embeddingQueue: Array<Scripted<EmbeddingBehaviour>> = [];
  const pendingTimers = new Set<NodeJS.Timeout>();

  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      action();
    }, ms);
    pendingTimers.add(timer);
  };

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    const request: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: parseJson(raw) };
    requests.push(request);
    if (req.method === "POST" && request.path === "/v1/chat/completions") {
      const next = chatQueue.shift() ?? { kind: "status", status: 500, message: "fake server: no behaviour scripted for this chat request" };
      return respondToChat(typeof next === "function" ? next(request) : next, request, res, later);
    }
    if (req.method === "POST" && request.path === "/v1/embeddings") {
      const next = embeddingQueue.shift() ?? { kind: "vectors" };
      return respondToEmbeddings(typeof next === "function" ? next(request) : next, request, res, embedText);
    }
    sendError(res, 404, `fake server: no route for ${req.method} ${request.path}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((request) => request.path === "/v1/chat/completions"),
    embeddingRequests: () => requests.filter((request) => request.path === "/v1/embeddings"),
    script: (...behaviours) => void chatQueue.push(...behaviours),
    scriptEmbeddings: (...behaviours) => void embeddingQueue.push(...behaviours),
    async close() {
      for (const timer of pendingTimers) clearTimeout(timer);
      // Hanging requests hold their sockets open; close() alone would wait for them forever.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respondToChat(behaviour: ChatBehaviour, request: RecordedRequest, res: http.ServerResponse, later: (ms: number, action: () => void) => void): void {
  switch (behaviour.kind) {
    case "hang":
      return;
    case "status":
      return sendError(res, behaviour.status, behaviour.message ?? "error", behaviour.headers);
    case "answer": {
      const content = typeof behaviour.content === "string" ? behaviour.content : JSON.stringify(behaviour.content);
      const usage = behaviour.usage === undefined ? estimatedUsage(request, content) : behaviour.usage;
      return sendJson(res, 200, {
        id: "chatcmpl-fake",
        object: "chat.completion",
        created: 1_700_000_000,
        model: request.body?.model ?? "fake",
        choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
        ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
      });
    }
    case "stream":
      return sendStream(behaviour, request, res, later);
  }
}

function sendStream(behaviour: Extract<ChatBehaviour, { kind: "stream" }>, request: RecordedRequest, res: http.ServerResponse, later: (ms: number, action: () => void) => void): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const model = request.body?.model ?? "fake";
  const chunk = (delta: object, finishReason: string | null) => ({
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  });
  const send = (data: object | string) => res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  const finish = () => {
    send(chunk({}, "stop"));
    const usage = behaviour.usage === undefined ? estimatedUsage(request, behaviour.chunks.join("")) : behaviour.usage;
    if (usage && request.body?.stream_options?.include_usage) {
      send({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1_700_000_000, model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
    }
    send("[DONE]");
    res.end();
  };
  const sendFrom = (index: number) => {
    if (behaviour.hangAfter !== undefined && index >= behaviour.hangAfter) return;
    if (index >= behaviour.chunks.length) return finish();
    send(chunk(index === 0 ? { role: "assistant", content: behaviour.chunks[index] } : { content: behaviour.chunks[index] }, null));
    later(behaviour.delayMs ?? 0, () => sendFrom(index + 1));
  };
  sendFrom(0);
}

function respondToEmbeddings(behaviour: EmbeddingBehaviour, request: RecordedRequest, res: http.ServerResponse, embedText: (text: string) => number[]): void {
  if (behaviour.kind === "hang") return;
  if (behaviour.kind === "status") return sendError(res, behaviour.status, behaviour.message ?? "error", behaviour.headers);
  const input: string[] = Array.isArray(request.body?.input) ? request.body.input : [request.body?.input];
  const base64 = request.body?.encoding_format === "base64";
  const data = input.map((text, index) => {
    const vector = embedText(String(text));
    return { object: "embedding", index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector };
  });
  const tokens = input.reduce((sum, text) => sum + Math.ceil(String(text).length / 4), 0);
  sendJson(res, 200, { object: "list", data, model: request.body?.model ?? "fake", usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** A vector that identifies its text: the first component is the text's length, the rest its first characters. */
function defaultVector(text: string, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, index) => (index === 0 ? text.length : (text.charCodeAt(index - 1) || 0) / 1000));
}

function estimatedUsage(request: RecordedRequest, content: string): TokenUsage {
  const messages: Array<{ content?: string }> = request.body?.messages ?? [];
  const promptChars = messages.reduce((sum, message) => sum + String(message.content ?? "").length, 0);
  return { prompt_tokens: Math.ceil(promptChars / 4) + 1, completion_tokens: Math.ceil(content.length / 4) + 1 };
}

function sendJson(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", param: null, code: null } }, headers);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function parseJson(raw: string): any {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
