import type pg from "pg";
import { listAgentProfiles } from "../../db/repositories/agent-profile-repository.ts";
import type { AgentProfile } from "../../agents/cognition/profile.ts";

/** What the answers are checked against, read from the database the run wrote. */
export interface Evidence {
  /** The agent files as loaded. */
  profiles: Map<string, AgentProfile>;
  /** Each agent's own day plan (agent_schedules rows written by planning, source 'plan'), by start minute. */
  plans: Map<string, { startMinute: number; activity: string; location: string | null }[]>;
  /** Names of the agents and players each agent has had a conversation with. */
  partners: Map<string, Set<string>>;
  /** The memories answers cited, by id. */
  memories: Map<string, { agentId: string; type: string; content: string; relatedPlayers: string[] }>;
}

/** Everything but the cited memories: read before the interview, so its own conversations are not counted. */
export async function readEvidence(pool: pg.Pool, worldId: string): Promise<Evidence> {
  const profiles = new Map((await listAgentProfiles(pool, worldId)).map((profile) => [profile.id, profile]));
  const plans = new Map<string, { startMinute: number; activity: string; location: string | null }[]>();
  const planRows = await pool.query<{ agent_id: string; start_minute: number; activity: string; location: string | null }>(
    `SELECT s.agent_id, (extract(hour FROM s.start_time) * 60 + extract(minute FROM s.start_time))::int AS start_minute, s.activity, s.location
     FROM agent_schedules s JOIN agents a ON a.id = s.agent_id WHERE a.world_id = $1 AND s.source = 'plan' ORDER BY s.agent_id, s.start_time`,
    [worldId],
  );
  for (const row of planRows.rows) plans.set(row.agent_id, [...(plans.get(row.agent_id) ?? []), { startMinute: row.start_minute, activity: row.activity, location: row.location }]);
  const partnerRows = await pool.query<{ agent_id: string; name: string }>(
    `SELECT c.a_id AS agent_id, coalesce(other_agent.name, ch.character_name) AS name
     FROM (SELECT a_id, b_type AS other_type, b_id AS other_id FROM conversations WHERE world_id = $1 AND a_type = 'agent'
           UNION SELECT b_id, a_type, a_id FROM conversations WHERE world_id = $1 AND b_type = 'agent') c
     LEFT JOIN agents other_agent ON c.other_type = 'agent' AND other_agent.id = c.other_id
     LEFT JOIN characters ch ON c.other_type = 'player' AND ch.id::text = c.other_id`,
    [worldId],
  );
  const partners = new Map<string, Set<string>>();
  for (const row of partnerRows.rows) if (row.name) partners.set(row.agent_id, new Set([...(partners.get(row.agent_id) ?? []), row.name]));
  return { profiles, plans, partners, memories: new Map() };
}

/** The cited memories, looked up by id (any agent's, so a memory cited by the wrong agent is seen as such). */
export async function readCitedMemories(pool: pg.Pool, ids: readonly string[]): Promise<Evidence["memories"]> {
  const numeric = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
  const { rows } = await pool.query<{ id: string; agent_id: string; memory_type: string; content: string; related_players: string[] | null }>(
    "SELECT id::text, agent_id, memory_type, content, related_players FROM agent_memories WHERE id = ANY($1::bigint[])",
    [numeric],
  );
  return new Map(rows.map((row) => [row.id, { agentId: row.agent_id, type: row.memory_type, content: row.content, relatedPlayers: row.related_players ?? [] }]));
}
