import {
  EXHAUSTED_ENERGY,
  MAX_FEELING_CHANGE,
  MAX_MOOD_VALENCE,
  MOOD_HALF_LIFE_MINUTES,
  MOOD_SETTLED_VALENCE,
  MOOD_SHOWS_VALENCE,
  MOOD_STRONG_VALENCE,
  REST_ENERGY_PER_MINUTE,
  SLEEP_ENERGY_PER_MINUTE,
  TALK_ENERGY_FIRST_MINUTE,
  TALK_ENERGY_GROWTH_PER_MINUTE,
  TALK_ENERGY_MAX_PER_MINUTE,
  TIRED_ENERGY,
  WALK_ENERGY_PER_MINUTE,
  WORK_ENERGY_PER_MINUTE,
} from "./constants.ts";
import type { AgentSim } from "./entities.ts";

/** What an agent's body is doing, as far as its energy is concerned. */
export type Exertion = "sleeping" | "resting" | "working" | "walking" | "talking";

type Feeling = Pick<AgentSim, "energy" | "valence" | "restingMood" | "mood" | "talkMinutes">;
type Doing = Pick<AgentSim, "activity" | "talkingWith" | "destination">;

const SLEEPING = /\b(sleep|sleeping|asleep|bed|nap)\b/i;
// Meals, worship, games, music, reading and idle evenings: the breaks of a village day.
const RESTING = /\b(rest|resting|breakfast|lunch|supper|dinner|tea|read|reading|relax|prayers?|music|chess|story|evening|stroll)\b/i;

const ENERGY_PER_MINUTE: Record<Exclude<Exertion, "talking">, number> = {
  sleeping: SLEEP_ENERGY_PER_MINUTE,
  resting: REST_ENERGY_PER_MINUTE,
  working: WORK_ENERGY_PER_MINUTE,
  walking: WALK_ENERGY_PER_MINUTE,
};

export function exertionOf(agent: Doing): Exertion {
  if (agent.talkingWith) return "talking";
  if (agent.destination !== null) return "walking";
  if (SLEEPING.test(agent.activity)) return "sleeping";
  if (RESTING.test(agent.activity)) return "resting";
  return "working";
}

/**
 * `minutes` game minutes of what the agent is doing now: energy rises or falls by its exertion, a talk
 * costs more each minute it goes on, and the mood drifts back toward the agent's resting mood.
 */
export function liveMinutes(agent: Feeling & Doing, minutes: number): void {
  const exertion = exertionOf(agent);
  let energy = agent.energy;
  if (exertion === "talking") {
    for (let minute = 0; minute < minutes; minute++) energy -= talkCost(agent.talkMinutes + minute);
    agent.talkMinutes += minutes;
  } else {
    energy += ENERGY_PER_MINUTE[exertion] * minutes;
    agent.talkMinutes = 0;
  }
  agent.energy = clamp(energy, 0, 100);
  const valence = agent.valence * 0.5 ** (minutes / MOOD_HALF_LIFE_MINUTES);
  agent.valence = Math.abs(valence) < MOOD_SETTLED_VALENCE ? 0 : valence;
  agent.mood = moodOf(agent);
}

/** Something happened that moves the mood by `change` valence units (bounded per event). */
export function feel(agent: Feeling, change: number): void {
  agent.valence = clamp(agent.valence + clamp(change, -MAX_FEELING_CHANGE, MAX_FEELING_CHANGE), -MAX_MOOD_VALENCE, MAX_MOOD_VALENCE);
  agent.mood = moodOf(agent);
}

/**
 * The mood in a word: strong feelings first, then exhaustion and tiredness, else the agent's resting
 * mood. Read from energy in whole points and valence in tenths, as they are saved, so a restarted world
 * reads the same mood.
 */
export function moodOf(feeling: Pick<Feeling, "energy" | "valence" | "restingMood">): string {
  const energy = Math.round(feeling.energy);
  const valence = Math.round(feeling.valence * 10) / 10;
  if (valence >= MOOD_STRONG_VALENCE) return "delighted";
  if (valence <= -MOOD_STRONG_VALENCE) return "upset";
  if (energy <= EXHAUSTED_ENERGY) return "exhausted";
  const tired = energy < TIRED_ENERGY;
  if (valence >= MOOD_SHOWS_VALENCE) return tired ? "content" : "cheerful";
  if (valence <= -MOOD_SHOWS_VALENCE) return tired ? "gloomy" : "uneasy";
  if (tired) return "tired";
  return feeling.restingMood || "fine";
}

/** Energy the `minute`-th minute of a talk costs (0 for the first). */
function talkCost(minute: number): number {
  return Math.min(TALK_ENERGY_FIRST_MINUTE + TALK_ENERGY_GROWTH_PER_MINUTE * minute, TALK_ENERGY_MAX_PER_MINUTE);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
