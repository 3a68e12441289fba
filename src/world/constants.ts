import { MINUTES_PER_DAY } from "../shared-kernel/game-time.ts";

/** Tunables of the world simulation. Units are in the names; each line says why it has its value. */

/** Tiles. Far enough to notice someone across a shop or a street, near enough that a crowded square stays a handful of sightings. */
export const DEFAULT_VISION_RADIUS_TILES = 6;

/** Tiles per real second. A brisk walk that crosses the 64-tile sample map in about 20 s, well inside a 30-game-minute slot at 60x. */
export const DEFAULT_AGENT_SPEED_TILES_PER_SECOND = 3;

/** Tiles per real second. A little faster than agents so players can catch up with an NPC they want to talk to. */
export const DEFAULT_PLAYER_SPEED_TILES_PER_SECOND = 4;

/** Steps. At 20 Hz this is 5 perception passes per second: sightings are noticed within 0.2 s at a quarter of the cost. */
export const DEFAULT_PERCEPTION_EVERY_TICKS = 4;

/** Routes. Enough for every agent of a large world to keep a few recent routes; a route is a few hundred bytes. */
export const ROUTE_CACHE_CAPACITY = 512;

/** Tiles. Free movement is split into sub-moves no longer than this, so a long frame can never skip over a one-tile wall. */
export const MAX_FREE_MOVE_SUBSTEP_TILES = 0.5;

/* Energy (0-100) and mood valence (-10..10), changed once per game minute by what the agent does (feelings.ts). */

/** Energy. An agent file without energy_level starts rested, as the file format's own default says. */
export const DEFAULT_AGENT_ENERGY = 100;

/** Energy per game minute asleep. A night of 8 hours restores about 72: a long working day and some talk, with room to spare. */
export const SLEEP_ENERGY_PER_MINUTE = 0.15;

/** Energy per game minute at a meal, a prayer, a game or a book. An hour's lunch gives back about 3: a break, not a night's sleep. */
export const REST_ENERGY_PER_MINUTE = 0.05;

/** Energy per game minute lost at work (any scheduled activity that is not rest). A 10-hour day costs 42: tired by late evening, not exhausted. */
export const WORK_ENERGY_PER_MINUTE = -0.07;

/** Energy per game minute lost walking. Less than work: a village is crossed in a few game minutes at an easy pace. */
export const WALK_ENERGY_PER_MINUTE = -0.03;

/** Energy lost in the first game minute of a talk. About a light task: a short chat costs next to nothing. */
export const TALK_ENERGY_FIRST_MINUTE = 0.05;

/** Energy per game minute of talking, added to each further minute's cost. A talk wears on you the longer it goes: the 50th minute costs 0.3. */
export const TALK_ENERGY_GROWTH_PER_MINUTE = 0.005;

/** Energy. The most one minute of talk costs: an hour-long talk costs about 12, a tenth of the day's budget, not all of it. */
export const TALK_ENERGY_MAX_PER_MINUTE = 0.3;

/** Energy at or below which an agent is exhausted: it declines to stop for anyone and its mood reads "exhausted". */
export const EXHAUSTED_ENERGY = 15;

/** Energy below which an agent is tired: its mood reads "tired" unless something moved it. */
export const TIRED_ENERGY = 35;

/** Valence units. Mood valence runs from -MAX (very upset) to +MAX (delighted); 0 is the agent's resting mood. */
export const MAX_MOOD_VALENCE = 10;

/** Valence units. The most one thing that happened (a conversation, a piece of news) can move the mood: no single event swings it end to end. */
export const MAX_FEELING_CHANGE = 5;

/** Game minutes for the mood to drift halfway back to rest. A rude exchange still shows at lunch and is gone by the evening. */
export const MOOD_HALF_LIFE_MINUTES = 180;

/** Valence units. Beyond this from rest the mood shows ("cheerful", "gloomy"). */
export const MOOD_SHOWS_VALENCE = 2.5;

/** Valence units. A feeling that has drifted back within this of rest is over (valence 0), so a quiet world stops changing. */
export const MOOD_SETTLED_VALENCE = 0.5;

/** Valence units. Beyond this the mood is strong ("delighted", "upset"), whatever the agent's energy. */
export const MOOD_STRONG_VALENCE = 6;

/** Game minutes. The most one step counts toward energy and mood: bounds the per-minute work of a step after a long stall; a day saturates both anyway. */
export const MAX_FEELING_MINUTES_PER_STEP = MINUTES_PER_DAY;
