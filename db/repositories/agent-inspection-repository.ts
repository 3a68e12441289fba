import type pg from "pg";

type Db = pg.Pool | pg.ClientBase;

export interface AgentIdentity {
  id: string;
  name: string;
  role: string | null;
  background: string | null;
  personalityTraits: string[];
  likes: string[];
  dislikes: string[];
  primaryGoal: string | null;
  secondaryGoals: string[];
  mood: string | null;
  energy: number;
  location: string | null;
  activity: string | null;
  x: number | null;
  y: number | null;
  direction: string | null;
  emotionalState: Record<string, unknown>;
}

export interface DayPlan {
  day: number | null;
  goal: string;
  status: string;
  currentStep: number;
  steps: unknown;
}

export interface RelationshipView {
  otherType: "agent" | "player";
  otherId: string;
  otherName: string;
  type: string;
  affection: number;
  trust: number;
  interactions: number;
  /** The designer's words for the relationship. */
  description: string | null;
  /** What the agent made of its latest talk (admins only: it may quote a player). */
  summary: string | null;
}

export interface MemoryView {
  id: string;
  type: string;
  content: string;
  importance: number;
  emotionalRelevance: number;
  gameTime: number;
  accessCount: number;
  location: string | null;
}

export interface ReflectionView {
  id: string;
  text: string;
  gameTime: number;
  evidence: { id: string; content: string }[];
}

export async function findAgentIdentity(db: Db, worldId: string, agentId: string): Promise<AgentIdentity | undefined> {
  const { rows } = await db.query(
    `SELECT a.id, a.name, a.role, a.background, a.personality_traits, a.likes, a.dislikes, a.primary_goal, a.secondary_goals,
            coalesce(s.emotional_state->>'mood', a.mood) AS mood,
            round(coalesce((s.physical_state->>'energy')::real, a.energy_level))::int AS energy_level, a.current_location, coalesce(s.current_action, a.current_activity) AS activity,
            s.current_x, s.current_y, s.current_direction, coalesce(s.emotional_state, '{}'::jsonb) AS emotional_state
     FROM agents a LEFT JOIN agent_states s ON s.agent_id = a.id
     WHERE a.world_id = $1 AND a.id = $2`,
    [worldId, agentId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    background: row.background,
    personalityTraits: row.personality_traits,
    likes: row.likes,
    dislikes: row.dislikes,
    primaryGoal: row.primary_goal,
    secondaryGoals: row.secondary_goals,
    mood: row.mood,
    energy: row.energy_level,
    location: row.current_location,
    activity: row.activity,
    x: row.current_x,
    y: row.current_y,
    direction: row.current_direction,
    emotionalState: row.emotional_state,
  };
}

/** The active plan of the latest planned day, else the latest plan of any status. */
export async function findCurrentPlan(db: Db, agentId: string): Promise<DayPlan | null> {
  const { rows } = await db.query(
    `SELECT plan_day, goal, status, current_step, plan_steps FROM agent_plans WHERE agent_id = $1
     ORDER BY (status = 'active') DESC, plan_day DESC NULLS LAST, id DESC LIMIT 1`,
    [agentId],
  );
  const row = rows[0];
  return row ? { day: row.plan_day, goal: row.goal, status: row.status, currentStep: row.current_step, steps: row.plan_steps } : null;
}

/**
 * Who may read what a player said or did (docs/inspector.md): admins everything; everyone else no
 * player-sourced text and no sightings of players, which would bypass interest areas and hearing range.
 */
export type Audience = "admin" | "everyone";

// Memories anyone may read. The designer's are; runtime ones only when free of players by construction:
// observations and plans that involve no player. Conversation memories hold players' lines and news
// relayed from them; summaries and nightly reviews fold in whatever the day held.
const PLAYER_FREE = (m: string) => `(${m}.source = 'designer' OR (cardinality(${m}.related_players) = 0 AND ${m}.memory_type IN ('observation', 'plan')))`;
// A reflection is player-free when it cites evidence and every piece of it (still stored) is.
const EVIDENCE_PLAYER_FREE = (r: string) =>
  `(cardinality(${r}.trigger_memories) > 0 AND NOT EXISTS (SELECT 1 FROM unnest(${r}.trigger_memories) AS t(id)
     WHERE NOT EXISTS (SELECT 1 FROM agent_memories e WHERE e.id = t.id AND ${PLAYER_FREE("e")})))`;
const MEMORY_FOR_EVERYONE = `(${PLAYER_FREE("m")} OR (m.memory_type = 'reflection'
     AND EXISTS (SELECT 1 FROM agent_reflections r WHERE r.memory_id = m.id AND ${EVIDENCE_PLAYER_FREE("r")})))`;

/** Relationships with agents and, for admins, with player characters; for everyone else the designer's description without the summary of the latest talk. */
export async function listRelationships(db: Db, agentId: string, audience: Audience): Promise<RelationshipView[]> {
  const admin = audience === "admin";
  const { rows } = await db.query(
    `SELECT 'agent' AS other_type, r.other_agent_id AS other_id, o.name AS other_name, r.relationship_type, r.affection_score,
            r.trust_level, r.interaction_frequency, r.description, CASE WHEN $2 THEN r.summary END AS summary
     FROM agent_relationships r JOIN agents o ON o.id = r.other_agent_id WHERE r.agent_id = $1
     UNION ALL
     SELECT 'player', r.character_id::text, c.character_name, r.relationship_type, r.affection_score, r.trust_level, r.interaction_frequency, r.description, r.summary
     FROM agent_player_relationships r JOIN characters c ON c.id = r.character_id WHERE r.agent_id = $1 AND $2
     ORDER BY interaction_frequency DESC, affection_score DESC`,
    [agentId, admin],
  );
  return rows.map((row) => ({
    otherType: row.other_type,
    otherId: row.other_id,
    otherName: row.other_name,
    type: row.relationship_type,
    affection: row.affection_score,
    trust: row.trust_level,
    interactions: row.interaction_frequency,
    description: row.description,
    summary: row.summary,
  }));
}

const MEMORY_COLUMNS = "m.id, m.memory_type, m.content, m.importance_score, m.emotional_relevance, m.game_time, m.access_count, m.location";

/** The newest memories and, separately, the most important ones (ties broken by recency); filtered before the limit, so `limit` rows come back when there are that many. */
export async function listMemories(db: Db, agentId: string, limit: number, audience: Audience): Promise<{ recent: MemoryView[]; important: MemoryView[] }> {
  const readable = `m.agent_id = $1${audience === "admin" ? "" : ` AND ${MEMORY_FOR_EVERYONE}`}`;
  const [recent, important] = await Promise.all([
    db.query(`SELECT ${MEMORY_COLUMNS} FROM agent_memories m WHERE ${readable} ORDER BY m.game_time DESC, m.id DESC LIMIT $2`, [agentId, limit]),
    db.query(`SELECT ${MEMORY_COLUMNS} FROM agent_memories m WHERE ${readable} ORDER BY m.importance_score DESC, m.game_time DESC, m.id DESC LIMIT $2`, [agentId, limit]),
  ]);
  return { recent: recent.rows.map(toMemory), important: important.rows.map(toMemory) };
}

/** Reflections with their evidence; for everyone but admins only those whose evidence is all player-free. */
export async function listReflections(db: Db, agentId: string, limit: number, audience: Audience): Promise<ReflectionView[]> {
  const { rows } = await db.query(
    `SELECT r.id, r.reflection, r.game_time,
            coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id::text, 'content', m.content) ORDER BY m.id)
                      FROM agent_memories m WHERE m.id = ANY(r.trigger_memories)), '[]'::jsonb) AS evidence
     FROM agent_reflections r WHERE r.agent_id = $1${audience === "admin" ? "" : ` AND ${EVIDENCE_PLAYER_FREE("r")}`}
     ORDER BY r.game_time DESC, r.id DESC LIMIT $2`,
    [agentId, limit],
  );
  return rows.map((row) => ({ id: String(row.id), text: row.reflection, gameTime: Number(row.game_time), evidence: row.evidence }));
}

function toMemory(row: Record<string, unknown>): MemoryView {
  return {
    id: String(row.id),
    type: row.memory_type as string,
    content: row.content as string,
    importance: Number(row.importance_score),
    emotionalRelevance: Number(row.emotional_relevance),
    gameTime: Number(row.game_time),
    accessCount: Number(row.access_count),
    location: row.location as string | null,
  };
}
