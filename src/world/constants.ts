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
