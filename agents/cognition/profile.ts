import type { ChatMessage } from "../../src/llm/task.ts";

/** Who an agent is, as every prompt and offline rule sees it. */
export interface AgentProfile {
  id: string;
  name: string;
  role: string | null;
  constitution: string;
  personalityTraits: string[];
  likes: string[];
  dislikes: string[];
  primaryGoal: string | null;
  secondaryGoals: string[];
  background: string | null;
  /** The designer's daily routine: the plan the offline provider keeps to. */
  routine: RoutineSlot[];
  /** Other agents this one has feelings about: id to a one-line description ("friend: old friends"). */
  relationships: Record<string, string>;
}

export interface RoutineSlot {
  startMinute: number;
  activity: string;
  location: string | null;
}

/** The system message shared by every task: identity first, so the model stays in character. */
export function identityMessage(profile: AgentProfile, task: string): ChatMessage {
  return { role: "system", content: [...identityLines(profile), task, "Answer with JSON only, matching the requested fields."].join("\n") };
}

/** Who the agent is, in the words every prompt starts with. */
export function identityLines(profile: AgentProfile): string[] {
  return [
    profile.constitution || `You are ${profile.name}${profile.role ? `, the ${profile.role}` : ""}.`,
    profile.personalityTraits.length ? `Traits: ${profile.personalityTraits.join(", ")}.` : "",
    profile.primaryGoal ? `Goal: ${profile.primaryGoal}.` : "",
  ].filter(Boolean);
}

export { spokenClock as clock } from "../../src/shared-kernel/game-time.ts";

export function numbered(items: readonly string[]): string {
  return items.map((item, index) => `${index + 1}. ${item}`).join("\n");
}

/** A small stable hash, so offline choices vary between agents but repeat for the same input. */
export function stableHash(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
