import type pg from "pg";

// Affection (-100..100) from which one agent counts as tied to another in the relationship network's density.
export const TIE_AFFECTION = 20;

export interface SimRun {
  worldId: string;
  agents: number;
  agentIds: string[];
  hours: number;
  provider: string;
  label: string;
  tickMs: number[];
  wallSeconds: number;
  players: Promise<{ lines: number; answered: number }>;
  engineErrors: number;
  startGameTime: number;
  fact: { id: string; text: string; agent: string };
  relationshipsBefore: Map<string, number>;
  relationshipsAfter: Map<string, number>;
}

/** Affection of every agent-agent and agent-player relationship of a world, keyed by the pair. */
export async function relationshipSnapshot(pool: pg.Pool, worldId: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ pair: string; affection: number }>(
    `SELECT r.agent_id || '>' || r.other_agent_id AS pair, r.affection_score AS affection FROM agent_relationships r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1
     UNION ALL
     SELECT r.agent_id || '>' || r.character_id AS pair, r.affection_score AS affection FROM agent_player_relationships r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1`,
    [worldId],
  );
  return new Map(rows.map((row) => [row.pair, row.affection]));
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
    conversations: await conversationsReport(pool, run.worldId),
    relationships: {
      ...relationshipChanges(run.relationshipsBefore, run.relationshipsAfter),
      density: { tieAffection: TIE_AFFECTION, directed: true, start: density(run.relationshipsBefore, run.agentIds), end: density(run.relationshipsAfter, run.agentIds) },
    },
    diffusion: await diffusionReport(pool, run),
    engineErrors: run.engineErrors,
    wallSeconds: round(run.wallSeconds, 1),
    target: { maxCallsPerAgentHour: 6, met: totals.calls / agentHours <= 6 },
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function conversationsReport(pool: pg.Pool, worldId: string) {
  const { rows } = await pool.query<{ kind: string; conversations: number; turns: number; closed: number }>(
    `SELECT kind, count(*)::int AS conversations, coalesce(sum(turns), 0)::int AS turns, count(*) FILTER (WHERE state = 'closed')::int AS closed
     FROM conversations WHERE world_id = $1 GROUP BY kind`,
    [worldId],
  );
  const of = (kind: string) => rows.find((row) => row.kind === kind) ?? { conversations: 0, turns: 0, closed: 0 };
  const npc = of("agent_agent");
  const players = of("player_agent");
  const violations = (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM policy_violations WHERE world_id = $1", [worldId])).rows[0]!.n;
  return {
    total: npc.conversations + players.conversations,
    turns: npc.turns + players.turns,
    betweenAgents: { conversations: npc.conversations, turns: npc.turns, meanTurns: round(npc.turns / Math.max(1, npc.conversations), 2) },
    withPlayers: { conversations: players.conversations, turns: players.turns },
    policyViolations: violations,
  };
}

function relationshipChanges(before: Map<string, number>, after: Map<string, number>) {
  const changed = [...after].map(([pair, affection]) => affection - (before.get(pair) ?? 0)).filter((delta) => delta !== 0);
  return {
    changed: changed.length,
    created: [...after.keys()].filter((pair) => !before.has(pair)).length,
    meanAbsAffectionChange: round(changed.reduce((sum, delta) => sum + Math.abs(delta), 0) / Math.max(1, changed.length), 2),
    maxAbsAffectionChange: changed.reduce((max, delta) => Math.max(max, Math.abs(delta)), 0),
  };
}

/**
 * Relationship-network density (Park et al.: 0.167 -> 0.74): ordered pairs of agents where the first feels
 * affection >= TIE_AFFECTION toward the second, over all n(n-1) ordered pairs.
 */
function density(affection: Map<string, number>, agentIds: readonly string[]): number {
  const agents = new Set(agentIds);
  const ties = [...affection].filter(([pair, value]) => {
    const [from, to] = pair.split(">");
    return value >= TIE_AFFECTION && agents.has(from!) && agents.has(to!) && from !== to;
  }).length;
  return round(ties / Math.max(1, agents.size * (agents.size - 1)), 3);
}

/**
 * Where the seeded fact went: hour by hour, the share of agents it was told to in a conversation
 * (entity_mentions). Whether they know it is for the interview at the end to say (scripts/sim.ts).
 */
async function diffusionReport(pool: pg.Pool, run: SimRun) {
  const { rows } = await pool.query<{ learned: string }>(
    "SELECT min(game_time)::text AS learned FROM entity_mentions WHERE world_id = $1 AND canonical_id = $2 GROUP BY hearer_agent_id",
    [run.worldId, run.fact.id],
  );
  const learned = rows.map((row) => Number(row.learned));
  const share = (until: number) => round(learned.filter((time) => time <= until).length / run.agents, 3);
  const hours = Math.ceil(run.hours);
  return {
    fact: run.fact.text,
    seededAgent: run.fact.agent,
    agentsTold: learned.length,
    toldShare: share(Infinity),
    byGameHour: Array.from({ length: hours }, (_, hour) => ({ hour: hour + 1, share: share(run.startGameTime + (hour + 1) * 3600) })),
  };
}
