import { blockAt } from "../../agents/engine/mind.ts";
import type { Evidence } from "./evidence.ts";
import type { Answer } from "./interviewer.ts";
import type { Category, PlantedFact } from "./questions.ts";
import { contentWords, names, shared } from "./words.ts";

/** Content words an answer must share with the memories it cites to count as drawn from them. */
export const GROUNDING_MIN_SHARED_WORDS = 2;
// Words that step out of the world: an answer that uses them is not in character.
const OUT_OF_CHARACTER = /\b(as an ai|language model|assistant|chatbot|prompt|instructions)\b/i;
// What an agent says when it could not think (the model unavailable, the reply budget spent): no answer at all.
const NO_ANSWER = /\b(can't talk right now|can't keep up with so many words|one thing at a time|give me a moment to think)\b/i;

export interface Grounding {
  /** Memories the reply was given. */
  cited: number;
  /** Every cited id is a memory of this agent in agent_memories. */
  exist: boolean;
  /** Content words the answer shares with the cited memories (question words aside). */
  sharedWords: number;
  grounded: boolean;
}

export interface ScoredAnswer {
  agentId: string;
  category: Category;
  question: string;
  answer: string;
  /** 0..1: the mean of the checks. */
  score: number;
  checks: Record<string, boolean>;
  grounding: Grounding;
  /** 1-7, from the judge pass (with a model only). */
  believability?: number;
}

/**
 * An answer is grounded when the reply cited memories, every cited id is a memory of that agent, and the answer
 * shares at least GROUNDING_MIN_SHARED_WORDS content words that the question did not bring with those of them
 * that are not the interviewer's own earlier questions.
 */
export function grounding(answer: Answer, evidence: Evidence): Grounding {
  const memories = answer.cited.map((id) => evidence.memories.get(id));
  const exist = answer.cited.length > 0 && memories.every((memory) => memory?.agentId === answer.agentId);
  const asked = contentWords(answer.question.text);
  const recalled = new Set(fromTheRun(answer, evidence).flatMap((memory) => [...contentWords(memory.content)]));
  const sharedWords = shared(contentWords(answer.text), recalled).filter((word) => !asked.has(word)).length;
  return { cited: answer.cited.length, exist, sharedWords, grounded: exist && sharedWords >= GROUNDING_MIN_SHARED_WORDS };
}

/**
 * A fact is carried when at least half of its content words that the question did not give (for the default
 * fact: "town", "square", "saturday", "evening", ...) are in the answer.
 */
export function carriesFact(fact: PlantedFact, question: string, answer: string): boolean {
  const asked = contentWords(question);
  const key = [...contentWords(fact.text)].filter((word) => !asked.has(word));
  if (key.length === 0) return false;
  return shared(contentWords(answer), new Set(key)).length * 2 >= key.length;
}

/** Scores one answer by the stated rule of its kind of question. */
export function scoreAnswer(answer: Answer, evidence: Evidence): ScoredAnswer {
  const ground = grounding(answer, evidence);
  const checks = checksFor(answer, evidence, ground);
  const values = Object.values(checks);
  return {
    agentId: answer.agentId,
    category: answer.question.category,
    question: answer.question.text,
    answer: answer.text,
    score: values.filter(Boolean).length / values.length,
    checks,
    grounding: ground,
  };
}

function checksFor(answer: Answer, evidence: Evidence, ground: Grounding): Record<string, boolean> {
  const profile = evidence.profiles.get(answer.agentId)!;
  const said = contentWords(answer.text);
  const mentionsAny = (text: string) => shared(said, contentWords(text)).length > 0;
  const { question } = answer;
  const citedMemories = fromTheRun(answer, evidence);
  switch (question.kind) {
    case "introduction":
      return {
        name: names(answer.text, profile.name),
        role: profile.role !== null && mentionsAny(profile.role),
        character: mentionsAny([...profile.personalityTraits, ...profile.likes, profile.primaryGoal ?? ""].join(" ")),
      };
    case "cares":
      return { goalOrLikes: mentionsAny([profile.primaryGoal ?? "", ...profile.secondaryGoals, ...profile.likes].join(" ")), grounded: ground.grounded };
    case "fact":
      return { carriesFact: carriesFact(question.fact, question.text, answer.text) };
    case "person":
      return { namesThem: names(answer.text, question.about.name), groundedInMemoryOfThem: ground.grounded && citedMemories.some((memory) => names(memory.content, question.about.name)) };
    case "at": {
      const block = blockAt(evidence.plans.get(answer.agentId) ?? [], question.minuteOfDay)?.block;
      return { matchesOwnPlan: block !== undefined && mentionsAny(`${block.activity} ${(block.location ?? "").replaceAll("_", " ")}`) };
    }
    case "today": {
      const plan = evidence.plans.get(answer.agentId) ?? [];
      return { namesOwnPlan: plan.some((block) => mentionsAny(`${block.activity} ${(block.location ?? "").replaceAll("_", " ")}`)) };
    }
    case "emergency":
      return { inCharacter: !OUT_OF_CHARACTER.test(answer.text) && !NO_ANSWER.test(answer.text), grounded: ground.grounded };
    case "company": {
      const met = [...(evidence.partners.get(answer.agentId) ?? [])];
      return { namesSomeoneMet: met.some((name) => names(answer.text, name)), citesReflection: citedMemories.some((memory) => memory.type === "reflection") };
    }
  }
}

/** The cited memories that come from the run, not from the interview's own questions. */
function fromTheRun(answer: Answer, evidence: Evidence): NonNullable<ReturnType<Evidence["memories"]["get"]>>[] {
  return answer.cited.flatMap((id) => {
    const memory = evidence.memories.get(id);
    return memory && !memory.relatedPlayers.includes(answer.interviewerId) ? [memory] : [];
  });
}
