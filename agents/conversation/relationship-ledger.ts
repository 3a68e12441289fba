import { STRANGER, type Relationship, type RelationshipKey, type WorldRelationship } from "../../db/repositories/relationship-repository.ts";
import { drifted } from "./relationship-rules.ts";

/** Where relationships are written (db/repositories/relationship-repository.ts, bound to the world's pool). */
export interface RelationshipStore {
  saveRelationship(key: RelationshipKey, relationship: Relationship, gameTime: number): Promise<void>;
  saveDrift(drifted: readonly WorldRelationship[]): Promise<void>;
}

/**
 * The live feelings of a world's agents toward agents and players, loaded once and written through:
 * the engine is their only writer, so every choice made in a tick (whom to react to, whom to talk
 * with) reads them without a query.
 */
export class RelationshipLedger {
  private readonly entries = new Map<string, WorldRelationship>();

  constructor(
    private readonly store: RelationshipStore,
    loaded: readonly WorldRelationship[] = [],
  ) {
    for (const entry of loaded) this.entries.set(keyOf(entry), entry);
  }

  /** The agent's feelings toward the other; a stranger's when they have none. */
  find(key: RelationshipKey): Relationship {
    return this.entries.get(keyOf(key))?.relationship ?? { ...STRANGER, baseline: { ...STRANGER.baseline } };
  }

  /** Whether the agent has any relationship with the other (the designer's or one grown from talk). */
  has(key: RelationshipKey): boolean {
    return this.entries.has(keyOf(key));
  }

  async save(key: RelationshipKey, relationship: Relationship, gameTime: number): Promise<void> {
    await this.store.saveRelationship(key, relationship, gameTime);
    this.entries.set(keyOf(key), { agentId: key.agentId, other: { ...key.other }, relationship });
  }

  /** One night's drift back toward the baselines for every relationship untouched for a day; returns how many moved. */
  async drift(gameTime: number): Promise<number> {
    const moved = [...this.entries.values()]
      .map((entry) => ({ ...entry, relationship: drifted(entry.relationship, gameTime) }))
      .filter((entry) => entry.relationship !== this.entries.get(keyOf(entry))!.relationship);
    if (moved.length === 0) return 0;
    await this.store.saveDrift(moved);
    for (const entry of moved) this.entries.set(keyOf(entry), entry);
    return moved.length;
  }
}

function keyOf(key: RelationshipKey): string {
  return `${key.agentId}\n${key.other.type}\n${key.other.id}`;
}
