import type { MentionedEntity } from "./social-store.ts";

export interface MentionDirectory {
  agents: readonly { id: string; name: string }[];
  locations: readonly string[];
}

// A player's line with one of these words is news an agent may pass on.
const NEWS_WORDS = /\b(party|festival|wedding|married|baby|fire|storm|flood|news|tonight|tomorrow|market|fair|missing|lost|found|secret|election|sale|dance|feast|celebrat\w*)\b/i;

/** The agents and places a line names, as entity mentions (without memory or speaker yet). */
export function entitiesIn(text: string, directory: MentionDirectory): MentionedEntity[] {
  const lower = text.toLowerCase();
  const found: MentionedEntity[] = [];
  for (const agent of directory.agents) {
    const first = agent.name.split(/\s+/)[0]!.toLowerCase();
    if (new RegExp(`\\b${escape(first)}\\b`).test(lower)) found.push({ canonicalId: `agent:${agent.id}`, entityType: "agent", text: agent.name });
  }
  for (const location of directory.locations) {
    if (lower.includes(location.replaceAll("_", " "))) found.push({ canonicalId: `location:${location}`, entityType: "location", text: location });
  }
  return found;
}

/** Whether a player's line carries news worth passing on (a statement, not a question). */
export function isNews(text: string): boolean {
  return NEWS_WORDS.test(text) && !/\?\s*$/.test(text);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
