import os from "node:os";
import { z } from "zod";

export const USAGE = `Usage: npm run loadtest -- --url ws://HOST:PORT --clients N --duration SECONDS [options]

Runs N real @colyseus/sdk clients against a Living World server: each joins the "world" room, walks
(an \`input\` at --move-hz, now and then a \`move_to\`), pings once a second, and with --chat-rate walks
up to an agent and talks to it. Prints progress to stderr and a summary at the end; exits 1 when a join
fails or more than --max-errors errors happen, 2 on invalid options.

  --url URL          server address, ws://, wss://, http:// or https:// (required)
  --clients N        simulated players (required, 1-5000)
  --duration S       seconds from the first join to the end of the run (required)
  --ramp S           spread the joins over the first S seconds (default 0: all at once; less than --duration)
  --world ID         world to join (default: the server's DEFAULT_WORLD)
  --chat-rate R      NPC lines per second, over all clients (default 0: nobody talks)
  --move-hz HZ       movement messages per second per client (default 10)
  --ping-hz HZ       pings per second per client, for the round-trip time (default 1)
  --spread TILES     players wander within this many tiles of where they joined (default 30)
  --workers N        child processes running the clients (default: one per 100 clients, at most one per core)
  --max-errors N     errors tolerated before the run counts as failed (default 0)
  --seed N           seed of the players' random walks (default 1)
  --json             print the summary as one JSON object on stdout
  -h, --help         this text`;

const numberOf = (what: string) => z.coerce.number({ error: `must be a number (${what})` }).finite();

export const LoadOptionsSchema = z
  .object({
    url: z
      .string()
      .refine((value) => URL.canParse(value) && /^(wss?|https?):$/.test(new URL(value).protocol), "must be a ws://, wss://, http:// or https:// URL, e.g. ws://localhost:2567")
      .optional(),
    clients: numberOf("players").int().min(1).max(5000).optional(),
    duration: numberOf("seconds").positive().max(86_400).optional(),
    ramp: numberOf("seconds").min(0).default(0),
    world: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "must be a world id: lowercase letters, digits, _ and -").optional(),
    "chat-rate": numberOf("lines per second").min(0).max(1000).default(0),
    "move-hz": numberOf("messages per second").min(0.1).max(30).default(10),
    "ping-hz": numberOf("pings per second").min(0.1).max(10).default(1),
    spread: numberOf("tiles").int().min(1).max(10_000).default(30),
    workers: numberOf("processes").int().min(1).max(64).optional(),
    "max-errors": numberOf("errors").int().min(0).default(0),
    seed: numberOf("seed").int().default(1),
    json: z.boolean().default(false),
    help: z.boolean().default(false),
  })
  .superRefine((options, context) => {
    if (options.help) return;
    if (options.url === undefined) context.addIssue({ code: "custom", path: ["url"], message: "--url is required, e.g. --url ws://localhost:2567" });
    if (options.clients === undefined) context.addIssue({ code: "custom", path: ["clients"], message: "--clients is required, e.g. --clients 50" });
    if (options.duration === undefined) context.addIssue({ code: "custom", path: ["duration"], message: "--duration is required, in seconds, e.g. --duration 30" });
    if (options.duration !== undefined && options.ramp >= options.duration) context.addIssue({ code: "custom", path: ["ramp"], message: `--ramp must be shorter than --duration (${options.duration} s)` });
  });

export interface LoadOptions {
  url: string;
  clients: number;
  durationSeconds: number;
  rampSeconds: number;
  world: string | undefined;
  chatRate: number;
  moveHz: number;
  pingHz: number;
  spread: number;
  workers: number;
  maxErrors: number;
  seed: number;
}

export function toLoadOptions(parsed: z.output<typeof LoadOptionsSchema>): LoadOptions {
  const clients = parsed.clients!;
  return {
    url: parsed.url!,
    clients,
    durationSeconds: parsed.duration!,
    rampSeconds: parsed.ramp,
    world: parsed.world,
    chatRate: parsed["chat-rate"],
    moveHz: parsed["move-hz"],
    pingHz: parsed["ping-hz"],
    spread: parsed.spread,
    workers: Math.min(clients, parsed.workers ?? defaultWorkers(clients)),
    maxErrors: parsed["max-errors"],
    seed: parsed.seed,
  };
}

function defaultWorkers(clients: number): number {
  return Math.max(1, Math.min(os.cpus().length, Math.ceil(clients / 100)));
}
