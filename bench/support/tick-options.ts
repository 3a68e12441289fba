import { OptionsError, parseCliOptions } from "./cli-options.ts";
import { z } from "zod";

export type MapChoice = "heartwood" | "large";

export interface TickBenchOptions {
  agents: number;
  players: number;
  ticks: number;
  warmup: number;
  seed: number;
  interestRadius: number;
  /** Resolved map, and whether the user chose it or "auto" did. */
  map: MapChoice;
  mapChosenBy: "option" | "auto";
  /** How far from a player (tiles) its simulated clicks land; 0 = anywhere on the map. */
  clickRange: number;
  /** Colyseus patchRate: how often (ms) patches are encoded and sent; a multiple of the step. */
  patchMs: number;
  /** Game clock at the start, "H:MM"; undefined = the world's own start time. */
  startTime: string | undefined;
  json: boolean;
}

export const USAGE = `usage: npm run bench:tick -- [options]

Runs the world room's core (tick, interest, message routing + Colyseus patch encoding) headless at a fixed 50 ms step,
as fast as possible, with simulated players, and prints tick-time percentiles.

  --agents N            NPC agents (default 200; the 12 heartwood agents are cloned past 12)
  --players M           simulated players (default 500)
  --ticks T             measured ticks (default 1200 = 60 s of game at 20 Hz)
  --warmup W            ticks run before measuring (default 100)
  --seed S              seed for the world, the agent clones and the players (default 1)
  --interest-radius R   tiles a client receives around it (default 16, the server default)
  --map heartwood|large|auto
                        heartwood = the 64x48 sample town; large = 200x200 with the town tiled 3x3
                        and scattered obstacles; auto (default) = heartwood while the population fits
                        one small town (<= 12 agents and <= 50 players), large otherwise
  --click-range C       move_to targets land within C tiles of the player (default 16, what a
                        client has on screen); 0 = anywhere on the map
  --patch-ms P          Colyseus patchRate in ms, a multiple of the 50 ms step (default 50, the Colyseus
                        default the room uses); e.g. 100 encodes patches on every other tick
  --start-time H:MM     game time of day to start at (default: the world's start time)
  --json                print exactly one JSON object on stdout
  --help                this text`;

/** A whole number given on the command line, with a message that names the flag. */
function wholeNumber(flag: string, min: number, max: number, what: string) {
  const message = `${flag} must be ${what}`;
  return z
    .string()
    .trim()
    .regex(/^[+-]?\d+$/, message)
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(max, `${flag} must be at most ${max}`));
}

function positiveNumber(flag: string, max: number) {
  const message = `${flag} must be a positive number of tiles`;
  return z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, message)
    .transform(Number)
    .pipe(z.number().positive(message).max(max, `${flag} must be at most ${max}`));
}

const OptionsSchema = z.strictObject({
  agents: wholeNumber("--agents", 1, 20_000, "a positive whole number").default(200),
  players: wholeNumber("--players", 0, 20_000, "a whole number (0 or more)").default(500),
  ticks: wholeNumber("--ticks", 1, 1_000_000, "a positive whole number").default(1200),
  warmup: wholeNumber("--warmup", 0, 1_000_000, "a whole number (0 or more)").default(100),
  seed: wholeNumber("--seed", 0, 2 ** 52, "a whole number (0 or more)").default(1),
  "interest-radius": positiveNumber("--interest-radius", 1000).default(16),
  map: z.enum(["heartwood", "large", "auto"], "--map must be one of heartwood, large, auto").default("auto"),
  "click-range": wholeNumber("--click-range", 0, 100_000, "a whole number of tiles (0 = anywhere)").default(16),
  "patch-ms": wholeNumber("--patch-ms", 1, 60_000, "a positive whole number of ms").default(50),
  "start-time": z
    .string()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "--start-time must be a time of day H:MM between 0:00 and 23:59")
    .optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

export { OptionsError };

/** Parses argv (without node and the script); throws OptionsError with every problem, one per line. */
export function parseTickOptions(argv: readonly string[]): TickBenchOptions | "help" {
  const options = parseCliOptions(argv, OptionsSchema, USAGE);
  if (options.help) return "help";
  const map: MapChoice = options.map === "auto" ? (options.agents <= 12 && options.players <= 50 ? "heartwood" : "large") : options.map;
  return {
    agents: options.agents,
    players: options.players,
    ticks: options.ticks,
    warmup: options.warmup,
    seed: options.seed,
    interestRadius: options["interest-radius"],
    map,
    mapChosenBy: options.map === "auto" ? "auto" : "option",
    clickRange: options["click-range"],
    patchMs: options["patch-ms"],
    startTime: options["start-time"],
    json: options.json,
  };
}
