import { dayOf } from "../../src/shared-kernel/game-time.ts";
import type { WorldEvent } from "../../src/world/simulation.ts";

type Observation = Extract<WorldEvent, { type: "observation" }>;

// What the agent sees someone doing that is worth telling others about, and how it would tell it.
const WORTH_TELLING: { kind: string; pattern: RegExp; told: (name: string, doing: string) => string }[] = [
  { kind: "unwell", pattern: /\b(sick|ill|fever\w*|cough\w*|injur\w*|hurt|bleeding|faint\w*|unwell)\b/i, told: (name, doing) => `${name} looked unwell: ${doing}.` },
  { kind: "quarrel", pattern: /\b(fight\w*|argu\w*|quarrel\w*|shout\w*|brawl\w*|yell\w*)\b/i, told: (name, doing) => `${name} was in a quarrel: ${doing}.` },
];

/**
 * News in what an agent saw with its own eyes: someone new in town (`newFace`: the character id of a
 * player it has never met, else null), someone unwell, a quarrel. Each is one fact per subject (per day
 * for what passes), so every witness and everyone they tell share its id.
 */
export function witnessedNews(event: Observation, newFace: string | null): { factId: string; text: string } | null {
  if (newFace) return { factId: `fact:arrival:${newFace}`, text: `A newcomer called ${event.subjectName} has arrived in town.` };
  const doing = event.text.replace(/^.+? is nearby, /, "").replace(/\.$/, "");
  const day = dayOf(event.gameTime);
  for (const { kind, pattern, told } of WORTH_TELLING) {
    if (pattern.test(doing)) return { factId: `fact:${kind}:${event.subjectId}:day-${day}`, text: told(event.subjectName, doing) };
  }
  return null;
}
