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
            a.mood, a.energy_level, a.current_location, coalesce(s.current_action, a.current_activity) AS activity,
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

export async function listRelationships(db: Db, agentId: string): Promise<RelationshipView[]> {
  const { rows } = await db.query(
    `SELECT 'agent' AS other_type, r.other_agent_id AS other_id, o.name AS other_name, r.relationship_type, r.affection_score,
            r.trust_level, r.interaction_frequency, r.summary
     FROM agent_relationships r JOIN agents o ON o.id = r.other_agent_id WHERE r.agent_id = $1
     UNION ALL
     SELECT 'player', r.character_id::text, c.character_name, r.relationship_type, r.affection_score, r.trust_level, r.interaction_frequency, r.summary
     FROM agent_player_relationships r JOIN characters c ON c.id = r.character_id WHERE r.agent_id = $1
     ORDER BY interaction_frequency DESC, affection_score DESC`,
    [agentId],
  );
  return rows.map((row) => ({
    otherType: row.other_type,
    otherId: row.other_id,
    otherName: row.other_name,
    type: row.relationship_type,
    affection: row.affection_score,
    trust: row.trust_level,
    interactions: row.interaction_frequency,
    summary: row.summary,
  }));
}

const MEMORY_COLUMNS = "id, memory_type, content, importance_score, emotional_relevance, game_time, access_count, location";

/** The newest memories and, separately, the most important ones (ties broken by recency). */
export async function listMemories(db: Db, agentId: string, limit: number): Promise<{ recent: MemoryView[]; important: MemoryView[] }> {
  const [recent, important] = await Promise.all([
    db.query(`SELECT ${MEMORY_COLUMNS} FROM agent_memories WHERE agent_id = $1 ORDER BY game_time DESC, id DESC LIMIT $2`, [agentId, limit]),
    db.query(`SELECT ${MEMORY_COLUMNS} FROM agent_memories WHERE agent_id = $1 ORDER BY importance_score DESC, game_time DESC, id DESC LIMIT $2`, [agentId, limit]),
  ]);
  return { recent: recent.rows.map(toMemory), important: important.rows.map(toMemory) };
}

export async function listReflections(db: Db, agentId: string, limit: number): Promise<ReflectionView[]> {
  const { rows } = await db.query(
    `SELECT r.id, r.reflection, r.game_time,
            coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id::text, 'content', m.content) ORDER BY m.id)
                      FROM agent_memories m WHERE m.id = ANY(r.trigger_memories)), '[]'::jsonb) AS evidence
     FROM agent_reflections r WHERE r.agent_id = $1 ORDER BY r.game_time DESC, r.id DESC LIMIT $2`,
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
