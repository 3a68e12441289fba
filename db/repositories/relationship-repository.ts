import type pg from "pg";

type Db = pg.Pool | pg.ClientBase;

export const RELATIONSHIP_TYPES = ["friend", "colleague", "rival", "romantic", "family", "acquaintance"] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

export interface Relationship {
  type: RelationshipType;
  affection: number;
  trust: number;
  interactions: number;
  /** What the agent made of its latest talk with the other (written after each conversation). */
  summary: string | null;
  /** The designer's words for the relationship, never overwritten at run time. */
  description: string | null;
  /** Where the designer set it: feelings drift back here without contact, and the live type moves away from this type only past thresholds. */
  baseline: { type: RelationshipType; affection: number; trust: number };
  /** Game time of the last conversation, null when they never talked. */
  lastInteraction: number | null;
}

/** An agent's feelings toward another agent or a player's character; a stranger when never met. */
export interface RelationshipKey {
  agentId: string;
  other: { type: "agent" | "player"; id: string };
}

export const STRANGER: Relationship = {
  type: "acquaintance",
  affection: 0,
  trust: 50,
  interactions: 0,
  summary: null,
  description: null,
  baseline: { type: "acquaintance", affection: 0, trust: 50 },
  lastInteraction: null,
};

const COLUMNS = `relationship_type, affection_score, trust_level, interaction_frequency, summary, description, baseline_type, baseline_affection, baseline_trust, last_interaction_game_time`;

interface RelationshipRow {
  relationship_type: RelationshipType;
  affection_score: number;
  trust_level: number;
  interaction_frequency: number;
  summary: string | null;
  description: string | null;
  baseline_type: RelationshipType;
  baseline_affection: number;
  baseline_trust: number;
  last_interaction_game_time: string | null;
}

function relationshipOf(row: RelationshipRow): Relationship {
  return {
    type: row.relationship_type,
    affection: row.affection_score,
    trust: row.trust_level,
    interactions: row.interaction_frequency,
    summary: row.summary,
    description: row.description,
    baseline: { type: row.baseline_type, affection: row.baseline_affection, trust: row.baseline_trust },
    lastInteraction: row.last_interaction_game_time === null ? null : Number(row.last_interaction_game_time),
  };
}

function tableOf(key: RelationshipKey) {
  return key.other.type === "agent" ? { table: "agent_relationships", column: "other_agent_id" } : { table: "agent_player_relationships", column: "character_id" };
}

export async function findRelationship(db: Db, key: RelationshipKey): Promise<Relationship> {
  const { table, column } = tableOf(key);
  const { rows } = await db.query<RelationshipRow>(`SELECT ${COLUMNS} FROM ${table} WHERE agent_id = $1 AND ${column} = $2`, [key.agentId, key.other.id]);
  const row = rows[0];
  return row ? relationshipOf(row) : { ...STRANGER };
}

/** Writes the relationship after a conversation (one more interaction, now). The designer's description and baseline stay as they are. */
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
  const { rows } = await db.query<RelationshipRow & { name: string }>(
    `WITH ties AS (
       SELECT a.name, ${prefixed("r", COLUMNS)} FROM agent_relationships r JOIN agents a ON a.id = r.other_agent_id WHERE r.agent_id = $1
       UNION ALL
       SELECT c.character_name, ${prefixed("r", COLUMNS)} FROM agent_player_relationships r JOIN characters c ON c.id = r.character_id WHERE r.agent_id = $1
     )
     (SELECT * FROM ties WHERE affection_score > 0 ORDER BY affection_score DESC, name LIMIT $2)
     UNION ALL
     (SELECT * FROM ties WHERE affection_score < 0 ORDER BY affection_score ASC, name LIMIT $2)`,
    [agentId, limit],
  );
  return rows.map((row) => ({ name: row.name, relationship: relationshipOf(row) }));
}

/** One relationship of a world: whose feelings, toward whom, and what they are. */
export interface WorldRelationship extends RelationshipKey {
  relationship: Relationship;
}

/** Every relationship of a world's agents, toward agents and players alike. */
export async function worldRelationships(db: Db, worldId: string): Promise<WorldRelationship[]> {
  const { rows } = await db.query<RelationshipRow & { agent_id: string; other_type: "agent" | "player"; other_id: string }>(
    `SELECT r.agent_id, 'agent' AS other_type, r.other_agent_id AS other_id, ${prefixed("r", COLUMNS)}
       FROM agent_relationships r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1
     UNION ALL
     SELECT r.agent_id, 'player', r.character_id::text, ${prefixed("r", COLUMNS)}
       FROM agent_player_relationships r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1`,
    [worldId],
  );
  return rows.map((row) => ({ agentId: row.agent_id, other: { type: row.other_type, id: row.other_id }, relationship: relationshipOf(row) }));
}

/** Writes feelings that drifted without contact (type, affection, trust), in one statement per table; the last interaction stays as it was. */
export async function saveDrift(db: Db, drifted: readonly WorldRelationship[]): Promise<void> {
  for (const type of ["agent", "player"] as const) {
    const rows = drifted.filter((entry) => entry.other.type === type);
    if (rows.length === 0) continue;
    const { table, column } = tableOf({ agentId: "", other: { type, id: "" } });
    await db.query(
      `UPDATE ${table} r SET relationship_type = d.type, affection_score = d.affection, trust_level = d.trust, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS d(agent_id text, other_id text, type text, affection int, trust int)
        WHERE r.agent_id = d.agent_id AND r.${column}::text = d.other_id`,
      [JSON.stringify(rows.map((entry) => ({ agent_id: entry.agentId, other_id: entry.other.id, type: entry.relationship.type, affection: entry.relationship.affection, trust: entry.relationship.trust })))],
    );
  }
}

function prefixed(alias: string, columns: string): string {
  return columns
    .split(",")
    .map((column) => `${alias}.${column.trim()}`)
    .join(", ");
}
