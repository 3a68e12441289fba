import { describe, expect, it } from "vitest";
import { backend, createTestDatabase } from "../support/database.ts";
import { runNpmScript } from "../support/run-cli.ts";

describe(`npm run sim: agents in a crowd (${backend})`, () => {
  it("react to one passer-by at a time, at most once every 5 game minutes, however many players walk past", async () => {
    const database = await createTestDatabase();
    try {
      const args = ["--agents", "2", "--hours", "2", "--players", "150", "--provider", "counting", "--json", ...(database.url ? ["--database-url", database.url] : [])];
      const result = await runNpmScript("sim", args, {});
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout.trim().split("\n").pop()!);
      const reactions = report.llm.byPurpose.reaction;
      expect(reactions.calls).toBeGreaterThan(0);
      // 150 players pass the agents' vision again and again; 12 = 60 game minutes / 5.
      expect(reactions.perAgentHour).toBeLessThanOrEqual(12);
    } finally {
      await database.dispose();
    }
  }, 120_000);
});
