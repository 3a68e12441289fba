import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { answer, startFakeOpenAiServer, streamed, type FakeOpenAiServer } from "../support/fake-openai-server.ts";
import { modelAnswerFor } from "../support/model-answers.ts";
import { runNpmScript } from "../support/run-cli.ts";

describe(`the agent engine on an OpenAI-compatible model (fake server, ${backend})`, () => {
  let database: TestDatabase;
  let fake: FakeOpenAiServer;
  let report: any;

  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await startFakeOpenAiServer({ embeddingDimensions: 32 });
    // Replies to players are streamed; every other task answers in JSON.
    fake.script(...Array.from({ length: 5_000 }, () => (request: Parameters<typeof modelAnswerFor>[0]) => (request.body?.stream ? streamed(["Good ", "day to you ", "(model)."]) : answer(modelAnswerFor(request)))));
    const args = ["--agents", "6", "--hours", "26", "--players", "1", "--provider", "openai", "--json", ...(database.url ? ["--database-url", database.url] : [])];
    const result = await runNpmScript("sim", args, {
      OPENAI_API_KEY: "sk-test-not-a-real-key",
      OPENAI_BASE_URL: fake.baseURL,
      LLM_MODEL: "gpt-4o-mini",
      EMBEDDING_MODEL: "fake-embed",
      EMBEDDING_DIMENSIONS: "32",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr + result.stdout).not.toContain("sk-test-not-a-real-key");
    report = JSON.parse(result.stdout.trim().split("\n").pop()!);
  }, 180_000);
  afterAll(async () => {
    await fake?.close();
    await database?.dispose();
  });

  it("plans, reacts, rates, reflects and reviews through the model, with every answer valid", () => {
    expect(report.provider).toBe("openai");
    for (const purpose of ["plan_day", "plan_hour", "plan_actions", "importance", "reaction", "reflection_questions", "reflection_insights", "metacognition", "reply", "conversation", "relationship"]) {
      expect(report.llm.byPurpose[purpose]?.calls, purpose).toBeGreaterThan(0);
    }
    expect(report.llm.fallbacks).toBe(0);
    expect(report.llm.tokensIn).toBeGreaterThan(0);
    expect(report.reflections.agentsReflecting).toBe(6);
    expect(report.reflections.withEvidence).toBe(report.reflections.total);
  });

  it("sent structured-output requests with the agent's identity and embedded memories through the same endpoint", () => {
    const chats = fake.chatRequests();
    // The run's calls, and those of the interview after it that asks every agent about the seeded fact.
    expect(chats.length).toBe(report.llm.calls + report.diffusion.interviewLlmCalls);
    expect(report.diffusion.interviewLlmCalls).toBeGreaterThanOrEqual(6);
    const first = chats[0]!.body as { response_format: { type: string; json_schema: { name: string } }; messages: { role: string; content: string }[] };
    expect(first.response_format.type).toBe("json_schema");
    expect(first.messages[0]!.role).toBe("system");
    expect(first.messages[0]!.content).toMatch(/^You are /);
    expect(chats[0]!.headers.authorization).toBe("Bearer sk-test-not-a-real-key");
    expect(fake.embeddingRequests().length).toBeGreaterThan(0);
  });
});
