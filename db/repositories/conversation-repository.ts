import type pg from "pg";

type Db = pg.Pool | pg.ClientBase;

export interface Speaker {
  type: "player" | "agent";
  /** An agent id, or a player's character id. */
  id: string;
  name: string;
}

export interface SpokenLine {
  worldId: string;
  conversationId: string | null;
  speaker: Speaker;
  listener: { type: "player" | "agent"; id: string } | null;
  text: string;
  clientMessageId?: string | null;
  gameTime: number;
  context?: Record<string, unknown>;
}

/**
 * Stores one line of a conversation. With a clientMessageId, a retried send returns the first row
 * instead of storing the line twice.
 */
export async function insertLine(db: Db, line: SpokenLine): Promise<{ id: string; duplicate: boolean }> {
  const clientMessageId = line.clientMessageId ?? null;
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO conversation_logs (world_id, conversation_id, initiator_type, initiator_id, speaker_name, recipient_type, recipient_id, message, client_message_id, game_time, context)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (initiator_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [line.worldId, line.conversationId, line.speaker.type, line.speaker.id, line.speaker.name, line.listener?.type ?? null, line.listener?.id ?? null, line.text, clientMessageId, Math.floor(line.gameTime), line.context ?? {}],
  );
  if (inserted.rows[0]) return { id: String(inserted.rows[0].id), duplicate: false };
  const existing = await db.query<{ id: string }>("SELECT id FROM conversation_logs WHERE initiator_id = $1 AND client_message_id = $2", [line.speaker.id, clientMessageId]);
  return { id: String(existing.rows[0]!.id), duplicate: true };
}

export interface NewConversation {
  id: string;
  worldId: string;
  kind: "player_agent" | "agent_agent";
  a: { type: "player" | "agent"; id: string };
  b: { type: "player" | "agent"; id: string };
  gameTime: number;
}

export async function openConversation(db: Db, conversation: NewConversation): Promise<void> {
  await db.query(
    `INSERT INTO conversations (id, world_id, kind, a_type, a_id, b_type, b_id, started_game_time, last_activity_game_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [conversation.id, conversation.worldId, conversation.kind, conversation.a.type, conversation.a.id, conversation.b.type, conversation.b.id, Math.floor(conversation.gameTime)],
  );
}

export async function touchConversation(db: Db, id: string, update: { state: "active" | "idle"; turns: number; gameTime: number }): Promise<void> {
  await db.query("UPDATE conversations SET state = $2, turns = $3, last_activity_game_time = $4, last_activity_at = now() WHERE id = $1 AND state <> 'closed'", [
    id,
    update.state,
    update.turns,
    Math.floor(update.gameTime),
  ]);
}

export async function closeConversation(db: Db, id: string, close: { reason: string; summary: string | null; turns: number; gameTime: number }): Promise<void> {
  await db.query(
    `UPDATE conversations SET state = 'closed', closed_reason = $2, summary = COALESCE($3, summary), turns = $4, last_activity_game_time = GREATEST(last_activity_game_time, $5), last_activity_at = now()
     WHERE id = $1 AND state <> 'closed'`,
    [id, close.reason, close.summary, close.turns, Math.floor(close.gameTime)],
  );
}

/** Conversations left open by a previous run (crash, restart): nobody is in them any more. */
export async function closeAbandonedConversations(db: Db, worldId: string): Promise<number> {
  const { rowCount } = await db.query("UPDATE conversations SET state = 'closed', closed_reason = 'server_restarted' WHERE world_id = $1 AND state <> 'closed'", [worldId]);
  return rowCount ?? 0;
}

/** Summaries of the last closed conversations between an agent and someone, newest first. */
export async function pastSummaries(db: Db, agentId: string, otherId: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ summary: string }>(
    `SELECT summary FROM conversations
     WHERE state = 'closed' AND summary IS NOT NULL AND ((a_id = $1 AND b_id = $2) OR (a_id = $2 AND b_id = $1))
     ORDER BY started_at DESC LIMIT $3`,
    [agentId, otherId, limit],
  );
  return rows.map((row) => row.summary);
}

/** The first line an agent said in a conversation after line `afterLineId`, with what it was given to say it (its context). */
export async function agentLineAfter(db: Db, conversationId: string, afterLineId: string): Promise<{ message: string; context: unknown } | undefined> {
  const { rows } = await db.query<{ message: string; context: unknown }>(
    "SELECT message, context FROM conversation_logs WHERE conversation_id = $1 AND initiator_type = 'agent' AND id > $2 ORDER BY id LIMIT 1",
    [conversationId, afterLineId],
  );
  return rows[0];
}
