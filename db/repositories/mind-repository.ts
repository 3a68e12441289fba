import type pg from "pg";

/** One agent's mind as stored: the engine's snapshot, as plain JSON, and the game time it was taken at. */
export interface StoredMind {
  agentId: string;
  snapshot: unknown;
  gameTime: number;
}

/**
 * Writes many minds in one statement (all or none). Agents deleted meanwhile (an admin reload) are
 * skipped rather than failing the rest.
 */
export async function saveMinds(db: pg.Pool | pg.ClientBase, minds: readonly StoredMind[]): Promise<void> {
  if (minds.length === 0) return;
  await db.query(
    `INSERT INTO agent_minds (agent_id, snapshot, game_time, updated_at)
     SELECT r.agent_id, r.snapshot, r.game_time, now()
     FROM jsonb_to_recordset($1::jsonb) AS r(agent_id text, snapshot jsonb, game_time bigint)
     JOIN agents a ON a.id = r.agent_id
     ON CONFLICT (agent_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, game_time = EXCLUDED.game_time, updated_at = now()`,
    [JSON.stringify(minds.map((mind) => ({ agent_id: mind.agentId, snapshot: mind.snapshot, game_time: Math.floor(mind.gameTime) })))],
  );
}

/** The stored minds of a world's agents. */
export async function loadMinds(db: pg.Pool | pg.ClientBase, worldId: string): Promise<StoredMind[]> {
  const { rows } = await db.query<{ agent_id: string; snapshot: unknown; game_time: string }>(
    "SELECT m.agent_id, m.snapshot, m.game_time FROM agent_minds m JOIN agents a ON a.id = m.agent_id WHERE a.world_id = $1 ORDER BY m.agent_id",
    [worldId],
  );
  return rows.map((row) => ({ agentId: row.agent_id, snapshot: row.snapshot, gameTime: Number(row.game_time) }));
}
