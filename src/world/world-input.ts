import type { TalkPartner } from "./conversation-stance.ts";
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
   * From the agent engine: the agent's plan for the day as schedule slots (hour blocks, refined into
   * short actions for the current hour). It follows them as it follows a designer schedule. Stale when
   * `generation` is a number and the agent has moved on since (a reaction to what it was doing, while it
   * now does something else); null for plans made from the agent's own mind (its day, its next actions,
   * a promised meeting), which hold whatever it is doing now: talking only pauses them.
   */
  | { type: "agent_schedule"; agentId: string; schedule: readonly ScheduleSlot[]; generation: number | null }
  /**
   * From the agent engine: the agent stops to talk with a player or another agent and faces them; with
   * `approach` it first walks next to them. Its schedule waits until agent_talk_end. Stale when
   * `generation` is a number and the agent has moved on since the talk was decided (two agents met while
   * both were free, and meanwhile one started another talk); null when a player spoke to the agent, which
   * comes first whatever it was doing.
   */
  | { type: "agent_talk_start"; agentId: string; partner: TalkPartner; approach?: boolean; generation: number | null }
  /**
   * From the agent engine: the talk with `partner` is over. Stale when the agent no longer talks with that
   * partner (that talk already ended, or the agent has turned to someone else since): ending the
   * talk it has now would cut short a conversation the engine did not mean to end.
   */
  | { type: "agent_talk_end"; agentId: string; partner: TalkPartner }
  /**
   * From the agent engine: something that happened (a warm or a rude conversation, news) moves the
   * agent's mood by `change` valence units, at most MAX_FEELING_CHANGE either way; `cause` says what.
   * Never stale: how a talk went stays true whatever the agent does next, and the world bounds each change.
   */
  | { type: "agent_feeling"; agentId: string; change: number; cause: string };

export type WorldInputType = WorldInput["type"];
