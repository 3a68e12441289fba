import type pg from "pg";
import { listAgentProfiles } from "../../db/repositories/agent-profile-repository.ts";
import { conversationPartners, memoriesById, plannedBlocksByAgent } from "../../db/repositories/world-activity-repository.ts";
import type { AgentProfile } from "../../agents/cognition/profile.ts";

/** What the answers are checked against, read from the database the run wrote. */
export interface Evidence {
  /** The agent files as loaded. */
  profiles: Map<string, AgentProfile>;
  /** Each agent's own day plan (agent_schedules rows written by planning, source 'plan'), by start minute. */
  plans: Map<string, { startMinute: number; activity: string; location: string | null }[]>;
  /** Names of the agents and players each agent has had a conversation with. */
  partners: Map<string, Set<string>>;
  /** The memories answers cited, by id. */
  memories: Map<string, { agentId: string; type: string; content: string; relatedPlayers: string[] }>;
}

/** Everything but the cited memories: read before the interview, so its own conversations are not counted. */
export async function readEvidence(pool: pg.Pool, worldId: string): Promise<Evidence> {
  const profiles = new Map((await listAgentProfiles(pool, worldId)).map((profile) => [profile.id, profile]));
  const plans = await plannedBlocksByAgent(pool, worldId);
  const partners = await conversationPartners(pool, worldId);
  return { profiles, plans, partners, memories: new Map() };
}

/** The cited memories, looked up by id (any agent's, so a memory cited by the wrong agent is seen as such). */
export async function readCitedMemories(pool: pg.Pool, ids: readonly string[]): Promise<Evidence["memories"]> {
  return memoriesById(pool, ids);
}
