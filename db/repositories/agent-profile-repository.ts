import type pg from "pg";
import { listWorldSchedules } from "./schedule-repository.ts";

/**
 * Every agent of a world with its identity, designer routine and relationships, in the shape of the engine's
 * AgentProfile (agents/cognition/profile.ts), which the wiring that hands these to the engine checks.
 */
export async function listAgentProfiles(db: pg.Pool, worldId: string) {
  const [agents, schedules, relationships] = await Promise.all([
    db.query<{
      id: string;
      name: string;
      role: string | null;
      constitution: string;
      personality_traits: string[];
      likes: string[];
      dislikes: string[];
      primary_goal: string | null;
      secondary_goals: string[];
      background: string | null;
    }>(
      `SELECT id, name, role, constitution, personality_traits, likes, dislikes, primary_goal, secondary_goals, background
       FROM agents WHERE world_id = $1 ORDER BY id`,
      [worldId],
    ),
    listWorldSchedules(db, worldId),
    db.query<{ agent_id: string; other_agent_id: string; relationship_type: string; description: string | null }>(
      `SELECT r.agent_id, r.other_agent_id, r.baseline_type AS relationship_type, r.description
       FROM agent_relationships r JOIN agents a ON a.id = r.agent_id WHERE a.world_id = $1`,
      [worldId],
    ),
  ]);
  return agents.rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role,
    constitution: row.constitution,
    personalityTraits: row.personality_traits,
    likes: row.likes,
    dislikes: row.dislikes,
    primaryGoal: row.primary_goal,
    secondaryGoals: row.secondary_goals,
    background: row.background,
    routine: (schedules.get(row.id) ?? []).map(({ startMinute, activity, location }) => ({ startMinute, activity, location })),
    relationships: Object.fromEntries(
      relationships.rows
        .filter((relationship) => relationship.agent_id === row.id)
        .map((relationship) => [relationship.other_agent_id, `${relationship.relationship_type}${relationship.description ? `: ${relationship.description}` : ""}`]),
    ),
  }));
}
