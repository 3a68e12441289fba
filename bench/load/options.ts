import { z } from "zod";

export const USAGE = `Usage: npm run bench:load -- [--clients N] [--agents N] [--duration S] [--ramp S] [--spread TILES] [--move-hz HZ] [--patch-hz HZ] [--workers N] [--json]

The same load (npm run loadtest) against two servers started as child processes one after the other:
the game server (offline mind; a fresh embedded database on disk, or with DATABASE_URL or
TEST_DATABASE_URL set a throwaway Postgres database next to it) with a 200x200
world of --agents agents, then a minimal Colyseus room with the same Player schema and interest
management and nothing else, both sending --patch-hz state patches a second (default 20, Colyseus'
default; the world's patchRate). Prints both summaries, the world room's CPU per client as a ratio of the
minimal room's, and the issue-7 targets (500 clients, 50 agents: RTT p99 < 50 ms, no failed joins,
server CPU < 1 core, RSS < 600 MB, ratio <= 2) with whether each was met. Exits 1 when a run fails
(failed joins, errors); a missed target is reported, not an exit code (it depends on the machine).

  npm run bench:load -- --clients 500 --agents 50 --duration 60 --ramp 20 --json`;

export const BenchLoadOptionsSchema = z.object({
  clients: z.coerce.number().int().min(1).max(5000).default(100),
  agents: z.coerce.number().int().min(0).max(1000).default(50),
  duration: z.coerce.number().positive().max(3600).default(30),
  ramp: z.coerce.number().min(0).max(3600).default(10),
  spread: z.coerce.number().int().min(1).max(1000).default(80),
  "move-hz": z.coerce.number().min(0.1).max(30).default(10),
  "patch-hz": z.coerce.number().int().min(1).max(20).default(20),
  workers: z.coerce.number().int().min(1).max(64).optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
}).refine((options) => options.ramp < options.duration, { path: ["ramp"], message: "--ramp must be shorter than --duration" });

export type BenchLoadOptions = z.output<typeof BenchLoadOptionsSchema>;
