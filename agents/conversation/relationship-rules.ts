import type { Relationship, RelationshipType } from "../../db/repositories/relationship-repository.ts";
import { SECONDS_PER_DAY } from "../../src/shared-kernel/game-time.ts";

/** How far one conversation can move affection or trust, whatever the model or the rules say. */
export const MAX_CHANGE_PER_CONVERSATION = 10;
// Past these affections the live type leaves the designer's: enter at the first, come back only past the second (hysteresis).
const HOSTILE_ENTER = -40;
const HOSTILE_EXIT = -20;
const WARM_ENTER = 40;
const WARM_EXIT = 25;
// Without contact for a day, feelings move this many points per game day back toward the designer's baseline.
export const DRIFT_PER_DAY = 2;
// Types that are facts of life, not feelings: a quarrel does not undo a family.
const FIXED_TYPES = new Set<RelationshipType>(["family"]);

/** What a conversation did to the agent's feelings, before the per-conversation bounds. */
export interface FeelingChange {
  affectionChange: number;
  trustChange: number;
}

/**
 * The relationship after a conversation: changes bounded per conversation and smaller the nearer a value
 * is to its end of the range (a warm word means less to a devoted friend), the type moved only past the
 * thresholds, the summary replaced and the designer's description kept.
 */
export function afterConversation(current: Relationship, change: FeelingChange, summary: string, gameTime: number): Relationship {
  const affection = clamp(current.affection + damped(current.affection, bounded(change.affectionChange), -100, 100), -100, 100);
  const trust = clamp(current.trust + damped(current.trust, bounded(change.trustChange), 0, 100), 0, 100);
  return { ...current, affection, trust, type: typeFor(current.type, affection, current.baseline.type), interactions: current.interactions + 1, summary, lastInteraction: gameTime };
}

/**
 * The live type for an affection: the designer's type (the anchor) until affection passes a threshold; a
 * rivalry starts at -40 and ends above -20, a friendship grows from an acquaintance or rivalry at 40 and
 * fades below 25. Family stays family.
 */
export function typeFor(current: RelationshipType, affection: number, anchor: RelationshipType): RelationshipType {
  if (FIXED_TYPES.has(anchor)) return anchor;
  const hostile = current === "rival" && anchor !== "rival";
  const warmed = current === "friend" && anchor !== "friend";
  if (hostile) return affection > HOSTILE_EXIT ? anchor : "rival";
  if (warmed) return affection <= HOSTILE_ENTER ? "rival" : affection < WARM_EXIT ? anchor : "friend";
  if (affection <= HOSTILE_ENTER) return "rival";
  if (affection >= WARM_ENTER && (anchor === "acquaintance" || anchor === "rival")) return "friend";
  return anchor;
}

/**
 * One night's drift: feelings not touched by a conversation for a day move DRIFT_PER_DAY back toward the
 * baseline, never past it.
 */
export function drifted(relationship: Relationship, gameTime: number): Relationship {
  if (relationship.lastInteraction !== null && gameTime - relationship.lastInteraction < SECONDS_PER_DAY) return relationship;
  const step = (value: number, target: number) => (value > target ? Math.max(target, value - DRIFT_PER_DAY) : Math.min(target, value + DRIFT_PER_DAY));
  const affection = step(relationship.affection, relationship.baseline.affection);
  const trust = step(relationship.trust, relationship.baseline.trust);
  if (affection === relationship.affection && trust === relationship.trust) return relationship;
  return { ...relationship, affection, trust, type: typeFor(relationship.type, affection, relationship.baseline.type) };
}

function bounded(change: number): number {
  return clamp(Math.round(change), -MAX_CHANGE_PER_CONVERSATION, MAX_CHANGE_PER_CONVERSATION);
}

/** A change scaled down in the last quarter of the range toward the end it moves to: at 90 of -100..100, a +10 becomes +4. */
function damped(value: number, change: number, min: number, max: number): number {
  const room = change > 0 ? (max - value) / (max - min) : (value - min) / (max - min);
  return Math.round(change * Math.min(1, room / 0.25));
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
