import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";
import { runNpmScript } from "../support/run-cli.ts";

describe(`npm run sim: agents living through two game days (${backend})`, () => {
  let database: TestDatabase;
  let report: any;

  beforeAll(async () => {
    database = await createTestDatabase();
    const args = ["--agents", "12", "--hours", "42", "--players", "2", "--provider", "counting", "--json", ...(database.url ? ["--database-url", database.url] : [])];
    const result = await runNpmScript("sim", args, {});
    expect(result.code, result.stderr).toBe(0);
    report = JSON.parse(result.stdout.trim().split("\n").pop()!);
  }, 180_000);
  afterAll(async () => {
    await database?.dispose();
  });

  it("every agent plans each day it lives through, and its plans are stored", () => {
    expect(report.agents).toBe(12);
    expect(report.plans.agentsPlanningEveryDay).toBe(12);
    expect(report.plans.total).toBeGreaterThanOrEqual(24);
  });

  it("every agent reflects at least once a day, each reflection citing memories that still exist", () => {
    expect(report.reflections.agentsReflecting).toBe(12);
    expect(report.reflections.perAgentPerDay).toBeGreaterThanOrEqual(1);
    expect(report.reflections.withEvidence).toBe(report.reflections.total);
  });

  it("reviews each day at night and consolidates old trivial observations into summaries", () => {
    expect(report.nightlyReviews).toBeGreaterThanOrEqual(24);
    expect(report.consolidatedSummaries).toBeGreaterThan(0);
    expect(report.llm.byPurpose.consolidation.calls).toBeGreaterThan(0);
  });

  it("answers every player who speaks to an agent", () => {
    expect(report.players.lines).toBeGreaterThan(0);
    expect(report.players.answered).toBe(report.players.lines);
  });

  it("agents talk with each other within the turn cap, and their relationships change", () => {
    const { betweenAgents, withPlayers } = report.conversations;
    expect(betweenAgents.conversations).toBeGreaterThan(0);
    expect(betweenAgents.turns).toBeLessThanOrEqual(8 * betweenAgents.conversations);
    expect(withPlayers.conversations).toBeGreaterThan(0);
    expect(report.relationships.changed).toBeGreaterThan(0);
    // A conversation still open when the run ends has its turns stored on closing.
    expect(report.llm.byPurpose.conversation.calls).toBeGreaterThanOrEqual(betweenAgents.turns);
  });

  it("measures how far a seeded fact spreads, hour by hour (Park et al.'s diffusion)", () => {
    const { diffusion } = report;
    expect(diffusion.seededAgent).toBe("aldric_mayor");
    expect(diffusion.byGameHour).toHaveLength(42);
    expect(diffusion.byGameHour[0].share).toBeGreaterThanOrEqual(0.083);
    expect(diffusion.share).toBeGreaterThan(diffusion.byGameHour[0].share);
    const shares = diffusion.byGameHour.map((hour: { share: number }) => hour.share);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(diffusion.agentsKnowing).toBe(Math.round(diffusion.share * 12));
  });

  it("stays within 6 LLM calls per agent per game hour, with tokens counted as the model would be billed", () => {
    expect(report.llm.callsPerAgentHour).toBeLessThanOrEqual(6);
    expect(report.llm.tokensIn).toBeGreaterThan(0);
    expect(report.llm.tokensOut).toBeGreaterThan(0);
    expect(report.llm.costUsd).toBeGreaterThan(0);
    expect(report.engineErrors).toBe(0);
    for (const purpose of ["plan_day", "plan_hour", "plan_actions", "importance", "reaction", "reflection_questions", "reflection_insights", "metacognition"]) {
      expect(report.llm.byPurpose[purpose]?.calls, purpose).toBeGreaterThan(0);
    }
  });
});
