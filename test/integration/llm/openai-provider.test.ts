import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOpenAiProvider, type OpenAiProviderOptions } from "../../../src/llm/openai-provider.ts";
import { costUsd } from "../../../src/llm/prices.ts";
import { estimatePromptTokens, estimateTextTokens } from "../../../src/llm/token-estimate.ts";
import {
  answer,
  failing,
  hang,
  malformedJson,
  rateLimited,
  serverError,
  startFakeOpenAiServer,
  streamed,
  type FakeOpenAiServer,
} from "../../support/fake-openai-server.ts";
import { OFFLINE_REACTION, reactionTask, replyTask, scene } from "./llm-test-tasks.ts";

const API_KEY = "sk-test-6f1c2e9a-do-not-log";

let server: FakeOpenAiServer;
beforeEach(async () => {
  server = await startFakeOpenAiServer();
});
afterEach(async () => {
  await server.close();
});

/** A provider against the fake server whose waits are recorded instead of slept, on a clock the test drives. */
function providerFor(overrides: Partial<OpenAiProviderOptions> = {}) {
  const waits: number[] = [];
  const clock = { now: 1_000_000 };
  const provider = createOpenAiProvider({
    apiKey: API_KEY,
    baseURL: server.baseURL,
    model: "gpt-4o-mini",
    timeoutMs: 5_000,
    now: () => clock.now,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...overrides,
  });
  return { provider, waits, clock };
}

const valid = { emotion: "happy", line: "Bring it to the forge at noon." } as const;

describe("openai provider: structured answers", () => {
  it("sends the prompt with a JSON-schema response format and parses the answer", async () => {
    server.script(answer(valid, { prompt_tokens: 120, completion_tokens: 15 }));
    const { provider } = providerFor();
    const result = await provider.run(reactionTask, scene);

    expect(result).toMatchObject({ value: valid, status: "ok", attempts: 1 });
    expect(result.usage).toMatchObject({ provider: "openai", model: "gpt-4o-mini", tokensIn: 120, tokensOut: 15 });
    expect(result.usage.costUsd).toBeCloseTo(costUsd("gpt-4o-mini", 120, 15), 12);
    const [request] = server.chatRequests();
    expect(request?.body).toMatchObject({
      model: "gpt-4o-mini",
      messages: reactionTask.prompt(scene),
      max_tokens: 80,
      response_format: { type: "json_schema", json_schema: { name: "reaction", strict: false, schema: { type: "object", required: ["emotion", "line"] } } },
    });
  });

  it("accepts JSON in ``` fences with chatter around it, from servers that ignore response_format", async () => {
    server.script(answer(`Here is my answer:\n\`\`\`json\n${JSON.stringify(valid)}\n\`\`\``));
    const result = await providerFor().provider.run(reactionTask, scene);
    expect(result).toMatchObject({ value: valid, status: "ok" });
  });

  it("estimates usage when the server reports none", async () => {
    server.script(answer(valid, null));
    const result = await providerFor().provider.run(reactionTask, scene);
    expect(result.usage.tokensIn).toBe(estimatePromptTokens(reactionTask.prompt(scene)));
    expect(result.usage.tokensOut).toBe(estimateTextTokens(JSON.stringify(valid)));
  });

  it("asks once more after malformed JSON, then falls back to the offline answer, counting both invalid answers", async () => {
    server.script(malformedJson(), answer({ emotion: "ecstatic", line: "" }));
    const result = await providerFor().provider.run(reactionTask, scene);

    expect(result).toMatchObject({ value: OFFLINE_REACTION, status: "fallback", failure: "invalid", invalidAnswers: 2, attempts: 2 });
    expect(result.error).toMatch(/did not match the schema/);
    const [first, second] = server.chatRequests();
    expect(second?.body.messages.slice(0, 2)).toEqual(first?.body.messages);
    expect(second?.body.messages[2]).toEqual({ role: "assistant", content: '{"mood": "cheerful", "line": "Good morn' });
    expect(second?.body.messages[3]).toMatchObject({ role: "user", content: expect.stringMatching(/could not be used.*"reaction" schema/) });
  });

  it("uses a corrected answer, and still says one answer was invalid", async () => {
    server.script(answer({ emotion: "furious", line: "No." }, { prompt_tokens: 100, completion_tokens: 10 }), answer(valid, { prompt_tokens: 140, completion_tokens: 12 }));
    const result = await providerFor().provider.run(reactionTask, scene);
    expect(result).toMatchObject({ value: valid, status: "ok", invalidAnswers: 1, attempts: 2 });
    expect(result.usage).toMatchObject({ tokensIn: 240, tokensOut: 22 });
  });
});

describe("openai provider: retries", () => {
  it("waits what a 429's retry-after asks, then succeeds", async () => {
    server.script(rateLimited({ "retry-after": "2" }), answer(valid));
    const { provider, waits } = providerFor();
    const result = await provider.run(reactionTask, scene);
    expect(result).toMatchObject({ value: valid, status: "ok", attempts: 2 });
    expect(waits).toEqual([2_000]);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it("prefers retry-after-ms and caps long waits", async () => {
    server.script(rateLimited({ "retry-after-ms": "150" }), rateLimited({ "retry-after": "3600" }), answer(valid));
    const { provider, waits } = providerFor({ maxRetryAfterMs: 5_000 });
    expect((await provider.run(reactionTask, scene)).status).toBe("ok");
    expect(waits).toEqual([150, 5_000]);
  });

  it("retries 500s with jittered backoff until attempts run out, then falls back", async () => {
    server.script(serverError(), serverError(503), serverError());
    const { provider, waits } = providerFor({ maxAttempts: 3, backoff: { baseDelayMs: 100, maxDelayMs: 1_000 } });
    const result = await provider.run(reactionTask, scene);
    expect(result).toMatchObject({ value: OFFLINE_REACTION, status: "fallback", failure: "error", attempts: 3 });
    expect(result.error).toMatch(/server: 500/);
    expect(result.usage).toMatchObject({ tokensIn: 0, tokensOut: 0, costUsd: 0 });
    expect(waits).toEqual([50, 100]);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it("does not retry a 400", async () => {
    server.script(failing(400, "context too long"));
    const result = await providerFor().provider.run(reactionTask, scene);
    expect(result).toMatchObject({ status: "fallback", failure: "error", attempts: 1 });
    expect(server.chatRequests()).toHaveLength(1);
  });

  it("gives up on a hung server at the timeout and falls back with status timeout", async () => {
    server.script(hang());
    const { provider } = providerFor({ timeoutMs: 200, maxAttempts: 1 });
    const started = performance.now();
    const result = await provider.run(reactionTask, scene);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ value: OFFLINE_REACTION, status: "fallback", failure: "timeout", attempts: 1 });
    // A loose bound: the call ends at the timeout, not at some later default.
    expect(elapsed).toBeLessThan(2_000);
  });

  it("retries a timed-out request like any transient failure", async () => {
    server.script(hang(), answer(valid));
    const result = await providerFor({ timeoutMs: 200, maxAttempts: 2 }).provider.run(reactionTask, scene);
    expect(result).toMatchObject({ value: valid, status: "ok", attempts: 2 });
  });

  it("rejects with the caller's reason when the caller aborts, without counting it against the server", async () => {
    server.script(hang());
    const { provider } = providerFor({ breaker: { failureThreshold: 1 } });
    const controller = new AbortController();
    const reason = new Error("the conversation ended");
    setTimeout(() => controller.abort(reason), 50);
    await expect(provider.run(reactionTask, scene, { signal: controller.signal })).rejects.toBe(reason);
    expect(provider.breaker.state).toBe("closed");
  });
});

describe("openai provider: streaming", () => {
  it("forwards the text chunk by chunk, in order, with usage from the final chunk", async () => {
    server.script(streamed(["Well ", "met, ", "traveller", "."], { delayMs: 10, usage: { prompt_tokens: 30, completion_tokens: 6 } }));
    const chunks: string[] = [];
    const result = await providerFor().provider.stream(replyTask, scene, (chunk) => chunks.push(chunk));
    expect(chunks).toEqual(["Well ", "met, ", "traveller", "."]);
    expect(result).toMatchObject({ value: "Well met, traveller.", status: "ok", attempts: 1 });
    expect(result.usage).toMatchObject({ tokensIn: 30, tokensOut: 6 });
    expect(server.chatRequests()[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true }, messages: replyTask.prompt(scene) });
  });

  it("estimates usage when the stream carries none", async () => {
    server.script(streamed(["Aye, ", "tomorrow."], { usage: null }));
    const result = await providerFor().provider.stream(replyTask, scene, () => {});
    expect(result.usage).toMatchObject({ tokensIn: estimatePromptTokens(replyTask.prompt(scene)), tokensOut: estimateTextTokens("Aye, tomorrow.") });
  });

  it("delivers chunks as they arrive: a stream that stalls keeps what was shown and ends at the timeout, unretried", async () => {
    server.script(streamed(["I can ", "mend it ", "by dusk."], { hangAfter: 2 }));
    const chunks: string[] = [];
    const result = await providerFor({ timeoutMs: 300, maxAttempts: 3 }).provider.stream(replyTask, scene, (chunk) => chunks.push(chunk));
    expect(chunks).toEqual(["I can ", "mend it "]);
    expect(result).toMatchObject({ value: "I can mend it ", status: "timeout", failure: "timeout", attempts: 1 });
    expect(server.chatRequests()).toHaveLength(1);
  });

  it("streams the offline text when the model fails before saying anything", async () => {
    server.script(serverError(), serverError());
    const chunks: string[] = [];
    const result = await providerFor({ maxAttempts: 2 }).provider.stream(replyTask, scene, (chunk) => chunks.push(chunk));
    expect(result).toMatchObject({ value: "Good day, traveller. Elara is busy.", status: "fallback", failure: "error", attempts: 2 });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(result.value);
  });
});

describe("openai provider: circuit breaker", () => {
  it("opens after N failed calls, answers offline without touching the network, and a probe after the cooldown closes it", async () => {
    const { provider, clock } = providerFor({ maxAttempts: 1, breaker: { failureThreshold: 2, cooldownMs: 30_000 } });
    const states: string[] = [];
    provider.breaker.onStateChange((state) => states.push(state));
    server.script(serverError(), serverError());
    await provider.run(reactionTask, scene);
    await provider.run(reactionTask, scene);
    expect(provider.breaker.state).toBe("open");

    const rejected = await provider.run(reactionTask, scene);
    const rejectedStream = await provider.stream(replyTask, scene, () => {});
    expect(rejected).toMatchObject({ value: OFFLINE_REACTION, status: "rejected", attempts: 0 });
    expect(rejectedStream).toMatchObject({ value: "Good day, traveller. Elara is busy.", status: "rejected", attempts: 0 });
    expect(server.chatRequests()).toHaveLength(2);

    clock.now += 30_000;
    server.script(answer(valid));
    const probe = await provider.run(reactionTask, scene);
    expect(probe).toMatchObject({ value: valid, status: "ok" });
    expect(provider.breaker.state).toBe("closed");
    expect(states).toEqual(["open", "half_open", "closed"]);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it("a failed probe opens the circuit again", async () => {
    const { provider, clock } = providerFor({ maxAttempts: 1, breaker: { failureThreshold: 1, cooldownMs: 1_000 } });
    server.script(serverError(), serverError());
    await provider.run(reactionTask, scene);
    clock.now += 1_000;
    expect((await provider.run(reactionTask, scene)).status).toBe("fallback");
    expect(provider.breaker.state).toBe("open");
    expect((await provider.run(reactionTask, scene)).status).toBe("rejected");
    expect(server.chatRequests()).toHaveLength(2);
  });

  it("invalid answers do not open it: the server is answering", async () => {
    const { provider } = providerFor({ breaker: { failureThreshold: 1 } });
    server.script(malformedJson(), malformedJson());
    expect((await provider.run(reactionTask, scene)).status).toBe("fallback");
    expect(provider.breaker.state).toBe("closed");
  });
});

describe("openai provider: secrets", () => {
  it("sends the key in the Authorization header and never writes it to a log line or a result", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "trace" }, { write: (line: string) => void lines.push(line) });
    const { provider } = providerFor({ logger, maxAttempts: 2 });
    server.script(answer(valid), rateLimited({ "retry-after": "0" }), failing(401, `Incorrect API key provided: ${API_KEY}.`), streamed(["Hello ", "there."]));

    await provider.run(reactionTask, scene);
    const unauthorised = await provider.run(reactionTask, scene);
    await provider.stream(replyTask, scene, () => {});

    for (const request of server.chatRequests()) expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(unauthorised).toMatchObject({ status: "fallback", failure: "error" });
    expect(unauthorised.error).toContain("401");
    expect(unauthorised.error).not.toContain(API_KEY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("")).not.toContain(API_KEY);
  });

  it("keeps prompts out of info-level logs", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const { provider } = providerFor({ logger, maxAttempts: 2 });
    server.script(serverError(), serverError());
    await provider.run(reactionTask, scene);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("")).not.toContain(scene.heard);
  });
});
