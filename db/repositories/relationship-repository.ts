import type pg from "pg";

type Db = pg.Pool | pg.ClientBase;

export type RelationshipType = "friend" | "colleague" | "rival" | "romantic" | "family" | "acquaintance";

export interface Relationship {
  type: RelationshipType;
  affection: number;
  trust: number;
  interactions: number;
  summary: string | null;
}

/** An agent's feelings toward another agent or a player's character; a stranger when never met. */
export interface RelationshipKey {
  agentId: string;
  other: { type: "agent" | "player"; id: string };
}

export const STRANGER: Relationship = { type: "acquaintance", affection: 0, trust: 50, interactions: 0, summary: null };

function tableOf(key: RelationshipKey) {
  return key.other.type === "agent" ? { table: "agent_relationships", column: "other_agent_id" } : { table: "agent_player_relationships", column: "character_id" };
}

export async function findRelationship(db: Db, key: RelationshipKey): Promise<Relationship> {
  const { table, column } = tableOf(key);
  const { rows } = await db.query<{ relationship_type: RelationshipType; affection_score: number; trust_level: number; interaction_frequency: number; summary: string | null }>(
    `SELECT relationship_type, affection_score, trust_level, interaction_frequency, summary FROM ${table} WHERE agent_id = $1 AND ${column} = $2`,
    [key.agentId, key.other.id],
  );
  const row = rows[0];
  return row ? { type: row.relationship_type, affection: row.affection_score, trust: row.trust_level, interactions: row.interaction_frequency, summary: row.summary } : { ...STRANGER };
}

/** Writes the relationship after a conversation (one more interaction, now). */
export async function saveRelationship(db: Db, key: RelationshipKey, relationship: Relationship, gameTime: number): Promise<void> {
  const { table, column } = tableOf(key);
  await db.query(
    `INSERT INTO ${table} (agent_id, ${column}, relationship_type, affection_score, trust_level, interaction_frequency, summary, last_interaction, last_interaction_game_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8)
     ON CONFLICT (agent_id, ${column}) DO UPDATE SET relationship_type = EXCLUDED.relationship_type, affection_score = EXCLUDED.affection_score,
       trust_level = EXCLUDED.trust_level, interaction_frequency = EXCLUDED.interaction_frequency, summary = EXCLUDED.summary,
       last_interaction = now(), last_interaction_game_time = EXCLUDED.last_interaction_game_time, updated_at = now()`,
    [key.agentId, key.other.id, relationship.type, relationship.affection, relationship.trust, relationship.interactions, relationship.summary, Math.floor(gameTime)],
  );
}

/** Someone an agent has feelings about (another agent or a player's character), by name. */
export interface Tie {
  name: string;
  relationship: Relationship;
}

/**
 * The agent's closest relationships (highest affection above 0) and its most strained (lowest below 0),
 * up to `limit` of each, agents and players alike: who a day plan keeps in mind.
 */
export async function closestAndStrained(db: Db, agentId: string, limit: number): Promise<Tie[]> {
  const { rows } = await db.query<{ name: string; relationship_type: RelationshipType; affection_score: number; trust_level: number; interaction_frequency: number; summary: string | null }>(
    `WITH ties AS (
       SELECT a.name, r.relationship_type, r.affection_score, r.trust_level, r.interaction_frequency, r.summary
         FROM agent_relationships r JOIN agents a ON a.id = r.other_agent_id WHERE r.agent_id = $1
       UNION ALL
       SELECT c.character_name, r.relationship_type, r.affection_score, r.trust_level, r.interaction_frequency, r.summary
         FROM agent_player_relationships r JOIN characters c ON c.id = r.character_id WHERE r.agent_id = $1
     )
     (SELECT * FROM ties WHERE affection_score > 0 ORDER BY affection_score DESC, name LIMIT $2)
     UNION ALL
     (SELECT * FROM ties WHERE affection_score < 0 ORDER BY affection_score ASC, name LIMIT $2)`,
    [agentId, limit],
  );
  return rows.map((row) => ({
    name: row.name,
    relationship: { type: row.relationship_type, affection: row.affection_score, trust: row.trust_level, interactions: row.interaction_frequency, summary: row.summary },
  }));
}
