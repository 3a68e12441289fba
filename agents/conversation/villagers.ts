import type { AgentProfile } from "../cognition/profile.ts";
import type { MentionDirectory } from "./mentions.ts";
import type { Villager } from "./reply-task.ts";
import type { AgentBody } from "./social-context.ts";

/** The other agents of the world as `profile` knows them: role, its own word on the tie, where they are now. */
export function villagersFor(
  profile: AgentProfile,
  directory: MentionDirectory,
  profileOf: (agentId: string) => AgentProfile | undefined,
  body: (agentId: string) => AgentBody | undefined,
): Villager[] {
  return directory.agents
    .filter((agent) => agent.id !== profile.id)
    .map((agent) => {
      const now = body(agent.id);
      return { name: agent.name, role: profileOf(agent.id)?.role ?? null, about: profile.relationships[agent.id] ?? null, activity: now?.activity ?? null, location: now?.location || null };
    });
}
