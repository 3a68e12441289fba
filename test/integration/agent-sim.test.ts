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

  it("measures how far a seeded fact spreads by asking every agent about it at the end (Park et al.'s diffusion), with the trail hour by hour", () => {
    const { diffusion } = report;
    expect(diffusion.seededAgent).toBe("aldric_mayor");
    expect(diffusion.agentsAsked).toBe(12);
    expect(diffusion.answers).toHaveLength(12);
    // An answer carries the fact when it says more of it than the question gave: where or when, not only "a harvest festival".
    for (const { answer, carries } of diffusion.answers) {
      const told = ["town", "square", "saturday", "evening"].filter((word) => answer.toLowerCase().includes(word)).length;
      expect(carries, answer).toBe(told >= 2);
    }
    expect(diffusion.agentsCarrying).toBe(diffusion.answers.filter((answer: { carries: boolean }) => answer.carries).length);
    expect(diffusion.share).toBe(Math.round((diffusion.agentsCarrying / 12) * 1000) / 1000);
    expect(diffusion.byGameHour).toHaveLength(42);
    expect(diffusion.byGameHour[0].share).toBeGreaterThanOrEqual(0.083);
    expect(diffusion.toldShare).toBeGreaterThan(diffusion.byGameHour[0].share);
    const shares = diffusion.byGameHour.map((hour: { share: number }) => hour.share);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(diffusion.agentsTold).toBe(Math.round(diffusion.toldShare * 12));
  });

  it("reports the relationship network's density (agent pairs with affection past the tie threshold) at the start and the end", () => {
    const { density } = report.relationships;
    expect(density.tieAffection).toBe(20);
    for (const value of [density.start, density.end]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // The designer's friendships are ties from the first minute.
    expect(density.start).toBeGreaterThan(0);
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
