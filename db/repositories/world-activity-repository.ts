/**
 * What a world's agents did, read back for the reports of a run (npm run sim, npm run eval:interview):
 * a read model across the engine's tables, never used by the running game.
 */
import type pg from "pg";

type Db = pg.Pool | pg.ClientBase;

export interface PurposeCalls {
  purpose: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Answered by the rule-based fallback, or refused by the content policy. */
  fallbacks: number;
}

/** A world's LLM calls by purpose, in purpose order. */
export async function llmCallsByPurpose(db: Db, worldId: string): Promise<PurposeCalls[]> {
  const { rows } = await db.query<{ purpose: string; calls: number; tokens_in: number; tokens_out: number; cost: number; fallbacks: number }>(
    `SELECT purpose, count(*)::int AS calls, sum(tokens_in)::int AS tokens_in, sum(tokens_out)::int AS tokens_out,
            sum(cost_usd)::float AS cost, count(*) FILTER (WHERE status IN ('fallback', 'rejected'))::int AS fallbacks
     FROM llm_calls WHERE world_id = $1 GROUP BY purpose ORDER BY purpose`,
    [worldId],
  );
  return rows.map((row) => ({ purpose: row.purpose, calls: row.calls, tokensIn: row.tokens_in, tokensOut: row.tokens_out, costUsd: row.cost, fallbacks: row.fallbacks }));
}

export async function countLlmCalls(db: Db, worldId: string): Promise<number> {
  return count(db, "SELECT count(*)::int AS n FROM llm_calls WHERE world_id = $1", [worldId]);
}

export interface CognitionCounts {
  /** Memories the run wrote (not the designer's). */
  runtimeMemories: number;
  summaries: number;
  reflections: number;
  agentsReflecting: number;
  /** Reflections that cite evidence, every cited memory of which still exists (consolidation keeps them). */
  reflectionsWithEvidence: number;
  plans: number;
  /** Agents with a plan for each of `days` days. */
  agentsPlanningEveryDay: number;
  nightlyReviews: number;
}

export async function cognitionCounts(db: Db, worldId: string, days: number): Promise<CognitionCounts> {
  const ofWorld = (sql: string, more: unknown[] = []) => count(db, sql, [worldId, ...more]);
  return {
    runtimeMemories: await ofWorld("SELECT count(*)::int AS n FROM agent_memories m JOIN agents a ON a.id = m.agent_id WHERE a.world_id = $1 AND m.source = 'runtime'"),
    summaries: await ofWorld("SELECT count(*)::int AS n FROM agent_memories m JOIN agents a ON a.id = m.agent_id WHERE a.world_id = $1 AND m.memory_type = 'summary'"),
    reflections: await ofWorld("SELECT count(*)::int AS n FROM agent_reflections r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1"),
    agentsReflecting: await ofWorld("SELECT count(DISTINCT r.agent_id)::int AS n FROM agent_reflections r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1"),
    reflectionsWithEvidence: await ofWorld(
      `SELECT count(*)::int AS n FROM agent_reflections r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1
         AND cardinality(r.trigger_memories) > 0
         AND NOT EXISTS (SELECT 1 FROM unnest(r.trigger_memories) AS cited(id) WHERE NOT EXISTS (SELECT 1 FROM agent_memories m WHERE m.id = cited.id))`,
    ),
    plans: await ofWorld("SELECT count(*)::int AS n FROM agent_plans p JOIN agents a ON a.id = p.agent_id WHERE a.world_id = $1"),
    agentsPlanningEveryDay: await ofWorld(
      `SELECT count(*)::int AS n FROM (SELECT p.agent_id FROM agent_plans p JOIN agents a ON a.id = p.agent_id WHERE a.world_id = $1
         GROUP BY p.agent_id HAVING count(DISTINCT p.plan_day) >= $2) daily`,
      [days],
    ),
    nightlyReviews: await ofWorld("SELECT count(*)::int AS n FROM agent_metacognition c JOIN agents a ON a.id = c.agent_id WHERE a.world_id = $1"),
  };
}

/** A world's conversations and their turns, by kind (agent_agent, player_agent). */
export async function conversationsByKind(db: Db, worldId: string): Promise<{ kind: string; conversations: number; turns: number; closed: number }[]> {
  const { rows } = await db.query<{ kind: string; conversations: number; turns: number; closed: number }>(
    `SELECT kind, count(*)::int AS conversations, coalesce(sum(turns), 0)::int AS turns, count(*) FILTER (WHERE state = 'closed')::int AS closed
     FROM conversations WHERE world_id = $1 GROUP BY kind`,
    [worldId],
  );
  return rows;
}

export async function countPolicyViolations(db: Db, worldId: string): Promise<number> {
  return count(db, "SELECT count(*)::int AS n FROM policy_violations WHERE world_id = $1", [worldId]);
}

/** When each agent that was told of a fact in a conversation first heard it (game time), one entry per hearer. */
export async function factFirstHeard(db: Db, worldId: string, factId: string): Promise<number[]> {
  const { rows } = await db.query<{ learned: string }>(
    "SELECT min(game_time)::text AS learned FROM entity_mentions WHERE world_id = $1 AND canonical_id = $2 GROUP BY hearer_agent_id",
    [worldId, factId],
  );
  return rows.map((row) => Number(row.learned));
}

export interface PlanEntry {
  startMinute: number;
  activity: string;
  location: string | null;
}

/** Each agent's own day plan (agent_schedules rows written by planning, source 'plan'), by start minute. */
export async function plannedBlocksByAgent(db: Db, worldId: string): Promise<Map<string, PlanEntry[]>> {
  const { rows } = await db.query<{ agent_id: string; start_minute: number; activity: string; location: string | null }>(
    `SELECT s.agent_id, (extract(hour FROM s.start_time) * 60 + extract(minute FROM s.start_time))::int AS start_minute, s.activity, s.location
     FROM agent_schedules s JOIN agents a ON a.id = s.agent_id WHERE a.world_id = $1 AND s.source = 'plan' ORDER BY s.agent_id, s.start_time`,
    [worldId],
  );
  const plans = new Map<string, PlanEntry[]>();
  for (const row of rows) plans.set(row.agent_id, [...(plans.get(row.agent_id) ?? []), { startMinute: row.start_minute, activity: row.activity, location: row.location }]);
  return plans;
}

/** Names of the agents and players each agent has had a conversation with. */
export async function conversationPartners(db: Db, worldId: string): Promise<Map<string, Set<string>>> {
  const { rows } = await db.query<{ agent_id: string; name: string }>(
    `SELECT c.a_id AS agent_id, coalesce(other_agent.name, ch.character_name) AS name
     FROM (SELECT a_id, b_type AS other_type, b_id AS other_id FROM conversations WHERE world_id = $1 AND a_type = 'agent'
           UNION SELECT b_id, a_type, a_id FROM conversations WHERE world_id = $1 AND b_type = 'agent') c
     LEFT JOIN agents other_agent ON c.other_type = 'agent' AND other_agent.id = c.other_id
     LEFT JOIN characters ch ON c.other_type = 'player' AND ch.id::text = c.other_id`,
    [worldId],
  );
  const partners = new Map<string, Set<string>>();
  for (const row of rows) if (row.name) partners.set(row.agent_id, new Set([...(partners.get(row.agent_id) ?? []), row.name]));
  return partners;
}

/** Memories looked up by id, any agent's; ids that are not whole numbers match nothing. */
export async function memoriesById(db: Db, ids: readonly string[]): Promise<Map<string, { agentId: string; type: string; content: string; relatedPlayers: string[] }>> {
  const numeric = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
  const { rows } = await db.query<{ id: string; agent_id: string; memory_type: string; content: string; related_players: string[] | null }>(
    "SELECT id::text, agent_id, memory_type, content, related_players FROM agent_memories WHERE id = ANY($1::bigint[])",
    [numeric],
  );
  return new Map(rows.map((row) => [row.id, { agentId: row.agent_id, type: row.memory_type, content: row.content, relatedPlayers: row.related_players ?? [] }]));
}

async function count(db: Db, sql: string, params: unknown[]): Promise<number> {
  return (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
}
