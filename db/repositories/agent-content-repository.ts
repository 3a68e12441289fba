import type pg from "pg";
import type { AgentRecord } from "../../src/content/agent-records.ts";
import type { UpsertOutcome } from "./world-repository.ts";

export interface ExistingAgent {
  id: string;
  worldId: string;
  definitionHash: string;
  x: number;
  y: number;
}

export async function findExistingAgents(db: pg.Pool | pg.ClientBase, ids: readonly string[], worldId: string): Promise<Map<string, ExistingAgent>> {
  const { rows } = await db.query<{ id: string; world_id: string; definition_hash: string; x: number; y: number }>(
    `SELECT id, world_id, definition_hash, (definition->>'current_x')::int AS x, (definition->>'current_y')::int AS y
     FROM agents WHERE id = ANY($1::text[]) OR world_id = $2`,
    [ids, worldId],
  );
  return new Map(rows.map((row) => [row.id, { id: row.id, worldId: row.world_id, definitionHash: row.definition_hash, x: row.x, y: row.y }]));
}

/**
 * Writes agents from designer files. Unchanged definitions are skipped; changed ones update their
 * identity, schedule, designer memories and relationships. Live position is reset only when the
 * file's starting position itself changed, so a reload does not teleport agents that are mid-day.
 */
export async function upsertAgents(
  client: pg.ClientBase,
  worldId: string,
  records: readonly AgentRecord[],
  existing: ReadonlyMap<string, ExistingAgent>,
): Promise<Map<string, UpsertOutcome>> {
  const outcomes = new Map<string, UpsertOutcome>();
  const changed = records.filter((record) => {
    const before = existing.get(record.agent.id);
    const outcome: UpsertOutcome = !before ? "created" : before.definitionHash === record.definitionHash ? "unchanged" : "updated";
    outcomes.set(record.agent.id, outcome);
    return outcome !== "unchanged";
  });
  for (const record of changed) await writeAgentRow(client, worldId, record, existing.get(record.agent.id));
  // Relationships point at other agents, so they go in after every agent row exists.
  for (const record of changed) {
    await replaceSchedule(client, record);
    await upsertMemories(client, record);
    await upsertRelationships(client, record);
  }
  return outcomes;
}

async function writeAgentRow(client: pg.ClientBase, worldId: string, record: AgentRecord, before: ExistingAgent | undefined): Promise<void> {
  const a = record.agent;
  await client.query(
    `INSERT INTO agents (id, world_id, name, role, constitution, current_location, current_activity, energy_level, mood,
       primary_goal, secondary_goals, personality_traits, likes, dislikes, background, schedule, current_plans, definition, definition_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, constitution = EXCLUDED.constitution,
       current_location = EXCLUDED.current_location, current_activity = EXCLUDED.current_activity,
       energy_level = EXCLUDED.energy_level, mood = EXCLUDED.mood, primary_goal = EXCLUDED.primary_goal,
       secondary_goals = EXCLUDED.secondary_goals, personality_traits = EXCLUDED.personality_traits, likes = EXCLUDED.likes,
       dislikes = EXCLUDED.dislikes, background = EXCLUDED.background, schedule = EXCLUDED.schedule,
       current_plans = EXCLUDED.current_plans, definition = EXCLUDED.definition, definition_hash = EXCLUDED.definition_hash,
       updated_at = now()`,
    [
      a.id, worldId, a.name, a.role ?? null, a.constitution, a.current_location ?? null, a.current_activity ?? null, a.energy_level,
      a.mood ?? null, a.primary_goal ?? null, a.secondary_goals, a.personality_traits, a.likes, a.dislikes, a.background ?? null,
      a.schedule, a.current_plans, a, record.definitionHash,
    ],
  );
  const moved = !before || before.x !== a.current_x || before.y !== a.current_y;
  await client.query(
    `INSERT INTO agent_states (agent_id, current_x, current_y, current_action, action_start_time, emotional_state, physical_state)
     VALUES ($1, $2, $3, $4, now(), $5, $6)
     ON CONFLICT (agent_id) DO UPDATE SET
       current_x = CASE WHEN $7 THEN EXCLUDED.current_x ELSE agent_states.current_x END,
       current_y = CASE WHEN $7 THEN EXCLUDED.current_y ELSE agent_states.current_y END,
       emotional_state = EXCLUDED.emotional_state, physical_state = EXCLUDED.physical_state, updated_at = now()`,
    [a.id, a.current_x, a.current_y, a.current_activity ?? null, { mood: a.mood ?? null }, { energy: a.energy_level }, moved],
  );
}

async function replaceSchedule(client: pg.ClientBase, record: AgentRecord): Promise<void> {
  await client.query("DELETE FROM agent_schedules WHERE agent_id = $1 AND source = 'designer'", [record.agent.id]);
  if (record.schedule.length === 0) return;
  await client.query(
    `INSERT INTO agent_schedules (agent_id, start_time, end_time, activity, description, location, source)
     SELECT $1, r.start_time::time, r.end_time::time, r.activity, r.description, r.location, 'designer'
     FROM jsonb_to_recordset($2::jsonb) AS r(start_time text, end_time text, activity text, description text, location text)`,
    [record.agent.id, JSON.stringify(record.schedule)],
  );
}

async function upsertMemories(client: pg.ClientBase, record: AgentRecord): Promise<void> {
  const keys = record.memories.map((memory) => memory.source_key);
  await client.query("DELETE FROM agent_memories WHERE agent_id = $1 AND source = 'designer' AND NOT (source_key = ANY($2::text[]))", [record.agent.id, keys]);
  if (record.memories.length === 0) return;
  await client.query(
    `INSERT INTO agent_memories (agent_id, source, source_key, memory_type, content, importance_score, emotional_relevance,
       tags, related_agents, location, game_time, last_accessed_game_time)
     SELECT $1, 'designer', r.source_key, r.memory_type, r.content, r.importance_score, r.emotional_relevance,
       ARRAY(SELECT jsonb_array_elements_text(r.tags)), ARRAY(SELECT jsonb_array_elements_text(r.related_agents)),
       r.location, r.game_time, r.game_time
     FROM jsonb_to_recordset($2::jsonb) AS r(source_key text, memory_type text, content text, importance_score real,
       emotional_relevance real, tags jsonb, related_agents jsonb, location text, game_time bigint)
     ON CONFLICT (agent_id, source_key) WHERE source_key IS NOT NULL DO UPDATE SET
       importance_score = EXCLUDED.importance_score, emotional_relevance = EXCLUDED.emotional_relevance,
       tags = EXCLUDED.tags, related_agents = EXCLUDED.related_agents, location = EXCLUDED.location, game_time = EXCLUDED.game_time`,
    [record.agent.id, JSON.stringify(record.memories)],
  );
}

async function upsertRelationships(client: pg.ClientBase, record: AgentRecord): Promise<void> {
  if (record.relationships.length === 0) return;
  // The designer's values are also the baseline the live feelings drift back to; a reload sets both.
  await client.query(
    `INSERT INTO agent_relationships (agent_id, other_agent_id, relationship_type, affection_score, trust_level, interaction_frequency, description,
       baseline_type, baseline_affection, baseline_trust)
     SELECT $1, r.other_agent_id, r.relationship_type, r.affection_score, r.trust_level, r.interaction_frequency, r.description,
       r.relationship_type, r.affection_score, r.trust_level
     FROM jsonb_to_recordset($2::jsonb) AS r(other_agent_id text, relationship_type text, affection_score int, trust_level int,
       interaction_frequency int, description text)
     ON CONFLICT (agent_id, other_agent_id) DO UPDATE SET relationship_type = EXCLUDED.relationship_type,
       affection_score = EXCLUDED.affection_score, trust_level = EXCLUDED.trust_level,
       interaction_frequency = EXCLUDED.interaction_frequency, description = EXCLUDED.description,
       baseline_type = EXCLUDED.baseline_type, baseline_affection = EXCLUDED.baseline_affection, baseline_trust = EXCLUDED.baseline_trust,
       updated_at = now()`,
    [record.agent.id, JSON.stringify(record.relationships)],
  );
}
