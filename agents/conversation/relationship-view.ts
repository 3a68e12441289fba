import type { Relationship } from "../../db/repositories/relationship-repository.ts";

/** A relationship in the words a prompt uses. */
export function describeRelationship(name: string, relationship: Relationship): string {
  if (relationship.interactions === 0 && relationship.affection === 0 && !relationship.summary) return `You have not talked with ${name} before.`;
  const feeling = relationship.affection >= 40 ? "fond of" : relationship.affection >= 10 ? "friendly with" : relationship.affection > -10 ? "neutral toward" : relationship.affection > -40 ? "wary of" : "hostile to";
  return [
    `${name} is your ${relationship.type}; you are ${feeling} them (affection ${relationship.affection} of -100..100, trust ${relationship.trust} of 0..100, ${relationship.interactions} talks).`,
    relationship.summary ? `About them: ${relationship.summary}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}
