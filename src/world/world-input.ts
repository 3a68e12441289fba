import type { ScheduleSlot } from "./schedule.ts";

/**
 * Everything that changes the world enters as one of these, applied at the start of the next step.
 * Inputs are trusted for shape (the room validates them at the edge); rule violations such as an
 * unknown player become `input_rejected` events, never exceptions.
 */
export type WorldInput =
  | { type: "player_join"; playerId: string; name: string; x: number; y: number }
  | { type: "player_leave"; playerId: string }
  /** Held direction, dx and dy each -1, 0 or 1; 0, 0 stops. Cancels a player_move_to path. */
  | { type: "player_input"; playerId: string; dx: number; dy: number }
  /** Walk to a tile along the shortest path. */
  | { type: "player_move_to"; playerId: string; x: number; y: number }
  | { type: "set_clock"; gameTime?: number; speed?: number }
  /**
   * From the agent engine: go to `location` (or stay, when null) and do `activity` there. Dropped when
   * `generation` is given and the agent's plan has changed since (its generation differs).
   */
  | { type: "agent_directive"; agentId: string; activity: string; location: string | null; generation?: number }
  /**
   * From the agent engine: the agent's plan for the day as schedule slots (hour blocks, refined into
   * short actions for the current hour). It follows them as it follows a designer schedule.
   */
  | { type: "agent_schedule"; agentId: string; schedule: readonly ScheduleSlot[] }
  /**
   * From the agent engine: the agent stops to talk with a player or another agent and faces them; with
   * `approach` it first walks next to them. Its schedule waits until agent_talk_end.
   */
  | { type: "agent_talk_start"; agentId: string; partner: { kind: "agent" | "player"; id: string }; approach?: boolean }
  | { type: "agent_talk_end"; agentId: string }
  /**
   * From the agent engine: something that happened (a warm or a rude conversation, news) moves the
   * agent's mood by `change` valence units, at most MAX_FEELING_CHANGE either way; `cause` says what.
   */
  | { type: "agent_feeling"; agentId: string; change: number; cause: string };

export type WorldInputType = WorldInput["type"];
