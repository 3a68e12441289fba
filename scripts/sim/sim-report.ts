import type pg from "pg";

export interface SimRun {
  worldId: string;
  agents: number;
  hours: number;
  provider: string;
  label: string;
  tickMs: number[];
  wallSeconds: number;
  players: Promise<{ lines: number; answered: number }>;
  engineErrors: number;
  startGameTime: number;
}

/** What the run cost and produced, read back from the database the engine wrote to. */
export async function simReport(pool: pg.Pool, run: SimRun) {
  const agentHours = run.agents * run.hours;
  const calls = await pool.query<{ purpose: string; calls: number; tokens_in: number; tokens_out: number; cost: number; fallbacks: number }>(
    `SELECT purpose, count(*)::int AS calls, sum(tokens_in)::int AS tokens_in, sum(tokens_out)::int AS tokens_out,
            sum(cost_usd)::float AS cost, count(*) FILTER (WHERE status IN ('fallback', 'rejected'))::int AS fallbacks
     FROM llm_calls WHERE world_id = $1 GROUP BY purpose ORDER BY purpose`,
    [run.worldId],
  );
  const count = async (sql: string) => (await pool.query<{ n: number }>(sql, [run.worldId])).rows[0]!.n;
  const memories = await count("SELECT count(*)::int AS n FROM agent_memories m JOIN agents a ON a.id = m.agent_id WHERE a.world_id = $1 AND m.source = 'runtime'");
  const reflections = await count("SELECT count(*)::int AS n FROM agent_reflections r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1");
  const agentsReflecting = await count("SELECT count(DISTINCT r.agent_id)::int AS n FROM agent_reflections r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1");
  const plans = await count("SELECT count(*)::int AS n FROM agent_plans p JOIN agents a ON a.id = p.agent_id WHERE a.world_id = $1");
  const days = Math.max(1, Math.ceil(run.hours / 24));
  const agentsPlanningDaily = await count(
    `SELECT count(*)::int AS n FROM (SELECT p.agent_id FROM agent_plans p JOIN agents a ON a.id = p.agent_id WHERE a.world_id = $1
       GROUP BY p.agent_id HAVING count(DISTINCT p.plan_day) >= ${days}) daily`,
  );
  // Every reflection cites evidence, and every cited memory still exists (consolidation keeps them).
  const reflectionsWithEvidence = await count(
    `SELECT count(*)::int AS n FROM agent_reflections r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1
       AND cardinality(r.trigger_memories) > 0
       AND NOT EXISTS (SELECT 1 FROM unnest(r.trigger_memories) AS cited(id) WHERE NOT EXISTS (SELECT 1 FROM agent_memories m WHERE m.id = cited.id))`,
  );
  const summaries = await count("SELECT count(*)::int AS n FROM agent_memories m JOIN agents a ON a.id = m.agent_id WHERE a.world_id = $1 AND m.memory_type = 'summary'");
  const metacognition = await count("SELECT count(*)::int AS n FROM agent_metacognition c JOIN agents a ON a.id = c.agent_id WHERE a.world_id = $1");
  const totals = calls.rows.reduce(
    (sum, row) => ({ calls: sum.calls + row.calls, tokensIn: sum.tokensIn + row.tokens_in, tokensOut: sum.tokensOut + row.tokens_out, cost: sum.cost + row.cost, fallbacks: sum.fallbacks + row.fallbacks }),
    { calls: 0, tokensIn: 0, tokensOut: 0, cost: 0, fallbacks: 0 },
  );
  const sorted = [...run.tickMs].sort((a, b) => a - b);
  const percentile = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0, 3);
  return {
    world: run.worldId,
    agents: run.agents,
    gameHours: run.hours,
    provider: run.provider,
    providerLabel: run.label,
    llm: {
      calls: totals.calls,
      callsPerAgentHour: round(totals.calls / agentHours, 3),
      tokensIn: totals.tokensIn,
      tokensOut: totals.tokensOut,
      tokensPerAgentHour: round((totals.tokensIn + totals.tokensOut) / agentHours, 1),
      costUsd: round(totals.cost, 4),
      costUsdPerAgentHour: round(totals.cost / agentHours, 6),
      fallbacks: totals.fallbacks,
      byPurpose: Object.fromEntries(calls.rows.map((row) => [row.purpose, { calls: row.calls, perAgentHour: round(row.calls / agentHours, 3), tokensIn: row.tokens_in, tokensOut: row.tokens_out }])),
    },
    memories: { created: memories, perAgent: round(memories / run.agents, 1) },
    reflections: { total: reflections, withEvidence: reflectionsWithEvidence, agentsReflecting, perAgentPerDay: round(reflections / run.agents / days, 2) },
    consolidatedSummaries: summaries,
    plans: { total: plans, agentsPlanningEveryDay: agentsPlanningDaily },
    nightlyReviews: metacognition,
    players: await run.players,
    tickMs: { p50: percentile(50), p99: percentile(99), max: round(sorted[sorted.length - 1] ?? 0, 3) },
    engineErrors: run.engineErrors,
    wallSeconds: round(run.wallSeconds, 1),
    target: { maxCallsPerAgentHour: 6, met: totals.calls / agentHours <= 6 },
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
