import type { HeldInput, PathWalker } from "./movement.ts";
import type { Point } from "./point.ts";
import type { ScheduleSlot } from "./schedule.ts";

/** An NPC as the simulation keeps it. Only WorldSimulation writes these; everyone else reads. */
export interface AgentSim extends PathWalker {
  readonly kind: "agent";
  readonly id: string;
  name: string;
  role: string;
  activity: string;
  /** The location the agent is at, or while walking, the one it last arrived at. */
  location: string;
  /** The mood in a word, from energy, valence and the resting mood (feelings.ts); replicated to clients. */
  mood: string;
  /** The mood the agent's file gives it: what it settles back to when nothing moves it. */
  restingMood: string;
  /** 0 (exhausted) to 100 (rested). Sleep restores it; work, walking and talking use it up. */
  energy: number;
  /** Mood valence, -MAX_MOOD_VALENCE to +MAX_MOOD_VALENCE; 0 is the resting mood. What happened moves it; it drifts back. */
  valence: number;
  /** Game minutes the current talk has lasted (0 when not talking): a long talk tires more per minute. */
  talkMinutes: number;
  /** Where the agent is walking to, or null when it is not on its way anywhere. */
  destination: string | null;
  /** What the agent will do on arrival at `destination`. */
  pendingActivity: string | null;
  schedule: readonly ScheduleSlot[];
  /** startMinute of the schedule slot the agent last took up, null before the first. */
  currentSlotStart: number | null;
  /** Whom the agent is talking with: it stands still (or walks up to them) and faces them. */
  talkingWith: { kind: "agent" | "player"; id: string } | null;
  /** Increases whenever the agent's plan changes; results computed for an older generation are stale. */
  generation: number;
  /**
   * The tile the agent goes to in each location, picked once: people keep to their usual spot, and
   * the same daily walks then reuse cached routes.
   */
  readonly usualSpots: Map<string, Point>;
}

/** A connected player as the simulation keeps it. */
export interface PlayerSim extends PathWalker {
  readonly kind: "player";
  readonly id: string;
  name: string;
  /** The direction the player holds (0, 0 when none); a held direction cancels a click-to-move path. */
  heldInput: HeldInput;
}
