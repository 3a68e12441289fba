import type pg from "pg";

/** An agent as the live world needs it: identity plus its persisted live state. */
export interface LiveAgentRow {
  id: string;
  name: string;
  role: string | null;
  x: number;
  y: number;
  direction: string;
  activity: string | null;
  location: string | null;
  /** The agent file's mood: the one it rests at. */
  mood: string | null;
  /** Live energy (0-100), else the agent file's energy_level. */
  energy: number;
  /** Live mood valence (-10..10), 0 before any was saved. */
  valence: number;
}

export async function listLiveAgents(db: pg.Pool | pg.ClientBase, worldId: string): Promise<LiveAgentRow[]> {
  const { rows } = await db.query<LiveAgentRow>(
    `SELECT a.id, a.name, a.role, s.current_x AS x, s.current_y AS y, s.current_direction AS direction,
            coalesce(s.current_action, a.current_activity) AS activity, a.current_location AS location, a.mood,
            least(greatest(coalesce((s.physical_state->>'energy')::real, a.energy_level), 0), 100) AS energy,
            least(greatest(coalesce((s.emotional_state->>'valence')::real, 0), -10), 10) AS valence
     FROM agents a JOIN agent_states s ON s.agent_id = a.id
     WHERE a.world_id = $1 ORDER BY a.id`,
    [worldId],
  );
  return rows;
}

export async function countAgents(db: pg.Pool | pg.ClientBase): Promise<number> {
  const { rows } = await db.query<{ count: string }>("SELECT count(*) FROM agents");
  return Number(rows[0]!.count);
}

/** Agents with no designer definition, for a benchmark that writes their memories directly. */
export async function insertBareAgents(db: pg.Pool | pg.ClientBase, worldId: string, agents: readonly { id: string; name: string }[]): Promise<void> {
  await db.query(
    "INSERT INTO agents (id, world_id, name, definition, definition_hash) SELECT id, $2, name, '{}', 'bench' FROM unnest($1::text[], $3::text[]) AS a(id, name)",
    [agents.map((agent) => agent.id), worldId, agents.map((agent) => agent.name)],
  );
}
