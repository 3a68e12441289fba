import type pg from "pg";
import { withTransaction } from "../client.ts";
import { idsOfJsonRows, lockMemoriesInIdOrder } from "./memory-row-locks.ts";

export interface MemoryRow {
  id: string;
  agentId: string;
  memoryType: string;
  content: string;
  importanceScore: number;
  gameTime: number;
}

type Row = { id: string; agent_id: string; memory_type: string; content: string; importance_score: number; game_time: string };

const toMemory = (row: Row): MemoryRow => ({
  id: String(row.id),
  agentId: row.agent_id,
  memoryType: row.memory_type,
  content: row.content,
  importanceScore: row.importance_score,
  gameTime: Number(row.game_time),
});

/** An agent's memories since a game time, newest first (reflection, the nightly review). */
export async function recentMemories(db: pg.Pool, agentId: string, sinceGameTime: number, limit: number): Promise<MemoryRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, agent_id, memory_type, content, importance_score, game_time FROM agent_memories
     WHERE agent_id = $1 AND game_time >= $2 ORDER BY game_time DESC, id DESC LIMIT $3`,
    [agentId, Math.floor(Math.max(0, sinceGameTime)), limit],
  );
  return rows.map(toMemory);
}

/**
 * Low-importance observations older than a game time, oldest first: what consolidation folds away.
 * Memories a reflection cites as evidence are kept, so every reflection can still show its sources, and so
 * are those that brought the agent a fact (however low it was rated), so it still knows where it heard it.
 */
export async function trivialObservationsBefore(db: pg.Pool, agentId: string, beforeGameTime: number, maxImportance: number, limit: number): Promise<MemoryRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT m.id, m.agent_id, m.memory_type, m.content, m.importance_score, m.game_time FROM agent_memories m
     WHERE m.agent_id = $1 AND m.memory_type = 'observation' AND m.source = 'runtime' AND m.game_time < $2 AND m.importance_score <= $3
       AND NOT EXISTS (SELECT 1 FROM agent_reflections r WHERE r.agent_id = m.agent_id AND m.id = ANY(r.trigger_memories))
       AND NOT EXISTS (SELECT 1 FROM entity_mentions e WHERE e.hearer_agent_id = m.agent_id AND e.memory_id = m.id AND e.entity_type = 'fact')
     ORDER BY m.game_time ASC LIMIT $4`,
    [agentId, Math.floor(Math.max(0, beforeGameTime)), maxImportance, limit],
  );
  return rows.map(toMemory);
}

/** Deletes the consolidated memories and inserts their summary, in one transaction. */
export async function replaceWithSummary(
  pool: pg.Pool,
  agentId: string,
  ids: readonly string[],
  insertSummary: (client: pg.PoolClient) => Promise<void>,
): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(`${lockMemoriesInIdOrder("$2::bigint[]")} DELETE FROM agent_memories WHERE agent_id = $1 AND id IN (SELECT id FROM locked)`, [agentId, ids]);
    await insertSummary(client);
  });
}

/** Sets the importance and emotional relevance of memories in one statement (ids that no longer exist are skipped). */
export async function updateRatings(db: pg.Pool, ratings: readonly { id: string; importance: number; emotionalRelevance: number }[]): Promise<void> {
  if (ratings.length === 0) return;
  await db.query(
    `${lockMemoriesInIdOrder(idsOfJsonRows("$1"))}
     UPDATE agent_memories m SET importance_score = r.importance, emotional_relevance = r.emotional_relevance
     FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, importance real, emotional_relevance real)
     WHERE m.id = r.id AND m.id IN (SELECT id FROM locked)`,
    [JSON.stringify(ratings.map((rating) => ({ id: Number(rating.id), importance: rating.importance, emotional_relevance: rating.emotionalRelevance })))],
  );
}

/** Vacuums the memories and refreshes the planner's statistics after a bulk load, so that it plans as on a settled database. */
export async function analyzeMemories(db: pg.Pool): Promise<void> {
  await db.query("VACUUM ANALYZE agent_memories");
}

/** Deletes an agent's memories that involve a player (related_players), as if they had never met. */
export async function forgetMemoriesOfPlayer(db: pg.Pool, agentId: string, characterId: string): Promise<void> {
  await db.query("DELETE FROM agent_memories WHERE agent_id = $1 AND $2 = ANY(related_players)", [agentId, characterId]);
}
