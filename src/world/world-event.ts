import type { Point } from "./point.ts";
import type { WorldInputType } from "./world-input.ts";

export type EntityKind = "agent" | "player";

/** What happened during a step, in the order it happened. */
export type WorldEvent =
  /** Someone came into an agent's view. `text` is what the agent saw, ready for its memory. */
  | { type: "observation"; observerId: string; subjectKind: EntityKind; subjectId: string; subjectName: string; x: number; y: number; gameTime: number; text: string }
  | { type: "activity_started"; agentId: string; activity: string; location: string; gameTime: number }
  /** An agent or a player reached the end of its path; location is the one it is standing in, if any. */
  | { type: "arrived"; entityKind: EntityKind; entityId: string; location: string | null }
  /** No way to reach `to` from where the entity stands; it stays. */
  | { type: "no_path"; entityKind: EntityKind; entityId: string; to: Point }
  | { type: "day_started"; day: number }
  /** A conversation ended from the world's side (the partner left); the agent is back on its schedule. */
  | { type: "talk_ended"; agentId: string; partnerId: string; reason: "partner_left" }
  /** An agent_feeling was applied: the agent's mood now reads `mood`. */
  | { type: "feeling_changed"; agentId: string; change: number; cause: string; mood: string }
  /** An input that could not be applied (unknown player or agent, stale generation, invalid value). */
  | { type: "input_rejected"; input: WorldInputType; reason: string };
