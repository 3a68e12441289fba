import type { AgentProfile } from "../../agents/cognition/profile.ts";

/** The five categories of Park et al. (2023), section 6.1. */
export const CATEGORIES = ["self", "memory", "plans", "reactions", "reflections"] as const;
export type Category = (typeof CATEGORIES)[number];

/** A fact planted in one agent's memory, and the words a question about it uses. */
export interface PlantedFact {
  id: string;
  text: string;
  /** How a question names it ("the harvest festival"); the answer must carry more than these words. */
  topic: string;
  agent: string;
}

export type Question =
  | { category: "self"; kind: "introduction" | "cares"; text: string }
  | { category: "memory"; kind: "fact"; text: string; fact: PlantedFact }
  | { category: "memory"; kind: "person"; text: string; about: { id: string; name: string } }
  | { category: "plans"; kind: "at"; text: string; minuteOfDay: number }
  | { category: "plans"; kind: "today"; text: string }
  | { category: "reactions"; kind: "emergency"; text: string }
  | { category: "reflections"; kind: "company"; text: string };

// The time of day the plans question asks about (Park et al.: "What will you be doing at 10 am tomorrow?").
const PLANS_MINUTE = 10 * 60;

/** The question a diffusion count asks every agent about a planted fact. */
export function factQuestion(fact: PlantedFact): Question {
  return { category: "memory", kind: "fact", text: `Have you heard anything about ${fact.topic}?`, fact };
}

/**
 * The interview of one agent, in the order asked. The planted fact comes first, so no earlier question of the
 * interview can have put its words into the agent's memories.
 */
export function interviewQuestions(agent: AgentProfile, everyone: readonly AgentProfile[], fact: PlantedFact): Question[] {
  const other = someoneKnown(agent, everyone);
  return [
    factQuestion(fact),
    { category: "self", kind: "introduction", text: "Give an introduction of yourself." },
    { category: "self", kind: "cares", text: "What do you care about most?" },
    ...(other ? [{ category: "memory" as const, kind: "person" as const, text: `Who is ${other.name}?`, about: { id: other.id, name: other.name } }] : []),
    { category: "plans", kind: "today", text: "Tell me about your plans for today." },
    { category: "plans", kind: "at", text: "What will you be doing at 10 am tomorrow?", minuteOfDay: PLANS_MINUTE },
    { category: "reactions", kind: "emergency", text: "Your breakfast is burning! What would you do?" },
    { category: "reflections", kind: "company", text: "If you could spend time with one person you met recently, who would it be and why?" },
  ];
}

/** The first agent this one has a designer relationship with, else the next agent by id. */
function someoneKnown(agent: AgentProfile, everyone: readonly AgentProfile[]): AgentProfile | undefined {
  const others = everyone.filter((profile) => profile.id !== agent.id).sort((a, b) => a.id.localeCompare(b.id));
  return others.find((profile) => profile.id in agent.relationships) ?? others.find((profile) => profile.id > agent.id) ?? others[0];
}
