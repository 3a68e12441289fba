import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend } from "../support/database.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { walkUpTo } from "../support/walk-up-to.ts";

interface WorldView { agents: Map<string, { activity: string; name: string; x: number; y: number }>; players: Map<string, { x: number; y: number }> }

describe(`agents think in a live world (${backend})`, () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ INTEREST_RADIUS: "500", LLM_MODE: "counting" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("an agent spoken to turns to the player, remembers the line, and the calls are accounted", async () => {
    const room = await server.client().joinOrCreate<WorldView>("world", { name: "Tess" });
    await waitForState(room, (state) => state.agents.size === 12);
    await walkUpTo(room, "elara_blacksmith");
    room.send("say", { text: "Good morning, Elara! Is the forge hot yet?", to: "elara_blacksmith", clientMessageId: "line-1" });
    expect(await nextMessage(room, "said")).toMatchObject({ to: "elara_blacksmith", clientMessageId: "line-1" });
    await waitForState(room, (state) => state.agents.get("elara_blacksmith")!.activity === "talking with Tess", 15_000, "Elara talking with Tess");

    const pool = server.game.db.pool;
    const memory = await waitFor(
      () => pool.query("SELECT content, importance_score FROM agent_memories WHERE agent_id = 'elara_blacksmith' AND memory_type = 'conversation'").then((result) => result.rows),
      (rows) => rows.length > 0,
      "the conversation memory",
    );
    expect(memory[0].content).toBe('Tess said to me: "Good morning, Elara! Is the forge hot yet?"');
    expect(memory[0].importance_score).toBeGreaterThanOrEqual(1);

    // Once a player is there the agents think through the provider, and every call is recorded.
    const calls = await waitFor(
      () => pool.query("SELECT purpose, provider, count(*)::int AS n FROM llm_calls GROUP BY purpose, provider").then((result) => result.rows),
      (rows) => rows.some((row) => row.purpose === "reaction") && rows.some((row) => row.purpose === "plan_actions"),
      "LLM calls recorded in llm_calls",
    );
    expect(calls.every((row) => row.provider === "counting")).toBe(true);
    const plans = await pool.query("SELECT count(DISTINCT agent_id)::int AS n FROM agent_plans");
    expect(plans.rows[0].n).toBe(12);
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/lw_llm_calls_total\{purpose="reaction",provider="counting",status="ok"\} \d+/);
    expect(metrics).toMatch(/lw_llm_tokens_total\{direction="in",provider="counting"\} \d+/);
    await room.leave();
  });
});
