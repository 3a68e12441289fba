import { STRANGER, type Relationship, type RelationshipKey, type WorldRelationship } from "../../../db/repositories/relationship-repository.ts";
import type { Tie } from "../ports.ts";
import type { RelationshipStore } from "../../conversation/relationship-ledger.ts";

/**
 * A world's relationships held in a process, as agent_relationships and agent_player_relationships keep them:
 * a conversation's save writes the live feelings and keeps the designer's description and baseline; drift
 * moves type, affection and trust only.
 */
export class InMemoryRelationships implements RelationshipStore {
  private readonly entries = new Map<string, WorldRelationship>();

  /** @param nameOf the name of an agent or a player's character; ties to someone without one are left out, as the database's join does. */
  constructor(
    seeded: readonly WorldRelationship[] = [],
    private readonly nameOf: (other: RelationshipKey["other"]) => string | undefined = () => undefined,
  ) {
    for (const entry of seeded) this.entries.set(keyOf(entry), copy(entry));
  }

  async saveRelationship(key: RelationshipKey, relationship: Relationship, gameTime: number): Promise<void> {
    const kept = this.entries.get(keyOf(key))?.relationship ?? STRANGER;
    const saved = { ...relationship, description: kept.description, baseline: { ...kept.baseline }, lastInteraction: Math.floor(gameTime) };
    this.entries.set(keyOf(key), { agentId: key.agentId, other: { ...key.other }, relationship: saved });
  }

  async saveDrift(drifted: readonly WorldRelationship[]): Promise<void> {
    for (const entry of drifted) {
      const stored = this.entries.get(keyOf(entry));
      if (!stored) continue;
      const { type, affection, trust } = entry.relationship;
      stored.relationship = { ...stored.relationship, type, affection, trust };
    }
  }

  /** Every relationship, for the engine's ledger to start from. */
  all(): WorldRelationship[] {
    return [...this.entries.values()].map(copy);
  }

  find(key: RelationshipKey): Relationship | undefined {
    const entry = this.entries.get(keyOf(key));
    return entry && copy(entry).relationship;
  }

  /** Up to `limit` closest (affection above 0, highest first) and `limit` most strained (below 0, lowest first), by name among equals. */
  async closestAndStrained(agentId: string, limit: number): Promise<Tie[]> {
    const ties = [...this.entries.values()]
      .filter((entry) => entry.agentId === agentId)
      .flatMap((entry) => {
        const name = this.nameOf(entry.other);
        return name === undefined ? [] : [{ name, relationship: copy(entry).relationship }];
      });
    const byName = (a: Tie, b: Tie) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const closest = ties.filter((tie) => tie.relationship.affection > 0).sort((a, b) => b.relationship.affection - a.relationship.affection || byName(a, b));
    const strained = ties.filter((tie) => tie.relationship.affection < 0).sort((a, b) => a.relationship.affection - b.relationship.affection || byName(a, b));
    return [...closest.slice(0, limit), ...strained.slice(0, limit)];
  }
}

function keyOf(key: RelationshipKey): string {
  return `${key.agentId}\n${key.other.type}\n${key.other.id}`;
}

function copy(entry: WorldRelationship): WorldRelationship {
  return { agentId: entry.agentId, other: { ...entry.other }, relationship: { ...entry.relationship, baseline: { ...entry.relationship.baseline } } };
}

/** A relationship as a designer sets it in an agent file: the live feelings start at their baseline. */
export function designedRelationship(key: RelationshipKey, set: { type: Relationship["type"]; affection?: number; trust?: number; description?: string }): WorldRelationship {
  const affection = set.affection ?? STRANGER.affection;
  const trust = set.trust ?? STRANGER.trust;
  return { agentId: key.agentId, other: { ...key.other }, relationship: { ...STRANGER, type: set.type, affection, trust, description: set.description ?? null, baseline: { type: set.type, affection, trust } } };
}
