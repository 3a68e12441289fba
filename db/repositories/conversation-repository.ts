import type pg from "pg";

export interface PlayerLine {
  worldId: string;
  characterId: string;
  agentId: string | null;
  text: string;
  clientMessageId: string | null;
  gameTime: number;
  context: Record<string, unknown>;
}

/**
 * Stores what a player said. With a clientMessageId, a retried send returns the first row instead
 * of storing the line twice.
 */
export async function insertPlayerLine(db: pg.Pool | pg.ClientBase, line: PlayerLine): Promise<{ id: string; duplicate: boolean }> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO conversation_logs (world_id, initiator_type, initiator_id, recipient_type, recipient_id, message, client_message_id, game_time, context)
     VALUES ($1, 'player', $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (initiator_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [line.worldId, line.characterId, line.agentId ? "agent" : null, line.agentId, line.text, line.clientMessageId, Math.floor(line.gameTime), line.context],
  );
  if (inserted.rows[0]) return { id: String(inserted.rows[0].id), duplicate: false };
  const existing = await db.query<{ id: string }>("SELECT id FROM conversation_logs WHERE initiator_id = $1 AND client_message_id = $2", [
    line.characterId,
    line.clientMessageId,
  ]);
  return { id: String(existing.rows[0]!.id), duplicate: true };
}
