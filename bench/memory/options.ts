import { z } from "zod";
import type { RetrievalWeights } from "../../agents/memory/retrieval-score.ts";
import { OptionsError, parseCliOptions, parseWeightsOption, weightsOption, wholeNumberOption } from "../support/cli-options.ts";
import { EMBEDDERS } from "./embedders.ts";
import { FACTS } from "./facts.ts";
import { DEFAULT_WORLD_DIR } from "./town.ts";

export interface MemoryBenchOptions {
  embedder: string | undefined;
  worldDir: string;
  agents: number | undefined;
  days: number;
  factsPerAgent: number;
  seed: number;
  /** Overrides the world's retrieval weights (to compare settings); the world's own when undefined. */
  weights: RetrievalWeights | undefined;
  json: boolean;
}

export const USAGE = `Usage: npm run bench:memory -- [--embedder NAME[,NAME]] [--short] [--json] [options]

Writes a week in the life of each agent of a world (sightings, small talk, plans, reflections, strong
feelings) into a throwaway database, with a few facts of low importance told in passing, then asks
questions about each fact through the engine's memory retrieval and reports how often the fact comes
back in the top 3 and top 10, per embedder and per kind of question (shares-word: the question has a
word in common with the fact; paraphrase: none), and the retrieval's latency.

Backend: real Postgres when DATABASE_URL (or else TEST_DATABASE_URL) is set (a throwaway database is
created next to it and dropped at the end; the role needs CREATEDB), embedded PGlite otherwise.

  --embedder NAMES   comma-separated, among ${EMBEDDERS.map((embedder) => embedder.name).join(", ")}
                     (default: ${EMBEDDERS.filter((embedder) => embedder.byDefault).map((embedder) => embedder.name).join(", ")}, those that can run here;
                     openai needs OPENAI_API_KEY or OPENAI_BASE_URL)
  --world DIR        world folder whose people, places and schedules fill the streams (default worlds/heartwood)
  --agents N         agents of the world to use (default: all of them; 2 with --short)
  --days D           game days of memories (default 7)
  --facts F          facts planted per agent (default 6, at most ${FACTS.length}; 3 with --short)
  --seed S           data seed (default 1)
  --weights R,I,E,V  retrieval weights recency,importance,emotion,relevance (default: the world's)
  --short            a small run for CI: 2 agents, 3 facts each
  --json             print exactly one JSON object on stdout
  --help             this text`;

const OptionsSchema = z.strictObject({
  embedder: z.string().trim().min(1, "--embedder needs a name").optional(),
  world: z.string().trim().min(1).default(DEFAULT_WORLD_DIR),
  agents: wholeNumberOption("--agents", 1, 10_000).optional(),
  days: wholeNumberOption("--days", 1, 365).default(7),
  facts: wholeNumberOption("--facts", 1, FACTS.length).optional(),
  seed: wholeNumberOption("--seed", 0, 2 ** 31).default(1),
  weights: weightsOption.optional(),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

export { OptionsError };

export function parseMemoryOptions(argv: readonly string[]): MemoryBenchOptions | "help" {
  // --short is a flag; parseCliOptions takes every other name as --name VALUE.
  const short = argv.includes("--short");
  const o = parseCliOptions(argv.filter((arg) => arg !== "--short"), OptionsSchema, USAGE);
  if (o.help) return "help";
  return {
    embedder: o.embedder,
    worldDir: o.world,
    agents: o.agents ?? (short ? 2 : undefined),
    days: o.days,
    factsPerAgent: o.facts ?? (short ? 3 : 6),
    seed: o.seed,
    weights: o.weights === undefined ? undefined : parseWeightsOption(o.weights),
    json: o.json,
  };
}

