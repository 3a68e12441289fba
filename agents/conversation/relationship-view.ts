import type { Relationship } from "../../db/repositories/relationship-repository.ts";

/** A relationship in the words a prompt uses: the live feelings, the designer's description, the latest talk. */
export function describeRelationship(name: string, relationship: Relationship): string {
  if (relationship.interactions === 0 && relationship.affection === 0 && !relationship.summary && !relationship.description) return `You have not talked with ${name} before.`;
  return [
    `${name} is your ${relationship.type}; you are ${feelingWord(relationship.affection)} them (affection ${relationship.affection} of -100..100, trust ${relationship.trust} of 0..100, ${relationship.interactions} talks).`,
    relationship.description ? `About them: ${relationship.description}` : "",
    relationship.summary ? `Last time: ${relationship.summary}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** How the agent feels toward someone at an affection of -100..100. */
function feelingWord(affection: number): string {
  return affection >= 40 ? "fond of" : affection >= 10 ? "friendly with" : affection > -10 ? "neutral toward" : affection > -40 ? "wary of" : "hostile to";
}
