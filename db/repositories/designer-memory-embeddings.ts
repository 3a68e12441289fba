import type pg from "pg";

/** A world's designer memories without a vector from `model` (none yet, or another model's). */
export async function listDesignerMemoriesToEmbed(client: pg.ClientBase, worldId: string, model: string): Promise<{ id: number; content: string }[]> {
  const { rows } = await client.query<{ id: string; content: string }>(
    `SELECT m.id, m.content FROM agent_memories m JOIN agents a ON a.id = m.agent_id
     WHERE a.world_id = $1 AND m.source = 'designer' AND (m.embedding IS NULL OR m.embedding_model IS DISTINCT FROM $2)
     ORDER BY m.id`,
    [worldId, model],
  );
  return rows.map((row) => ({ id: Number(row.id), content: row.content }));
}
