import { parseArgs } from "node:util";
import { z } from "zod";
import { ABLATIONS } from "../agents/engine/flow-context.ts";
import { ContentError, formatIssue } from "../src/content/content-issue.ts";
import { loadConfig } from "../src/config.ts";
import { createProviders } from "../src/llm/create-providers.ts";
import type { LlmProvider } from "../src/llm/task.ts";
import { parseCliOptions, runCli } from "./cli-support.ts";
import { CONDITION_NAMES, roundInterval, summarise, table, type ConditionSummary } from "./interview/report.ts";
import { runCondition } from "./interview/run-condition.ts";
import { DEFAULT_FACT } from "./sim/default-fact.ts";

const USAGE = `Usage: npm run eval:interview -- --world ID [--hours H] [--seeds N] [--agents N] [--ablate reflection|planning|relevance|memory] [--provider counting|offline|openai] [--judge] [--parallel N] [--short] [--json]

Runs the world headless (by default with the counting provider: the offline mind, no key needed) for H game hours with a planted fact and
simulated players, then interviews every agent through the reply path a player uses, in the five categories of
Park et al. (2023): self-knowledge, memory, plans, reactions, reflections. Each answer is scored by stated rules
(see the README), per category and condition, as a mean with a 95% t-interval over agents and seeds. Without
--ablate it runs the full architecture and each of the four ablations; with --ablate X, the full one and X.
With --judge and a model configured (OPENAI_API_KEY, or LLM_MODE=openai with OPENAI_BASE_URL), the model also
rates each answer's believability 1-7. --short (for CI) is --hours 4 --seeds 1 --agents 6 with a reflection
threshold of 50 (instead of 150), so that a run that short has reflections to ablate.`;

const Options = z.object({
  world: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "--world must be a world id like heartwood").optional(),
  hours: z.coerce.number().positive("--hours must be more than 0").max(24 * 7).optional(),
  agents: z.coerce.number().int("--agents must be a whole number").min(2).max(200).optional(),
  seeds: z.coerce.number().int("--seeds must be a whole number").min(1).max(20).optional(),
  ablate: z.enum(ABLATIONS as [string, ...string[]], { error: `--ablate must be one of ${ABLATIONS.join(", ")}` }).optional(),
  players: z.coerce.number().int().min(0).max(50).default(2),
  "step-ms": z.coerce.number().int().min(10).max(5_000).default(250),
  parallel: z.coerce.number().int("--parallel must be a whole number").min(1).max(16).default(3),
  provider: z.enum(["counting", "offline", "openai"]).default("counting"),
  judge: z.boolean().default(false),
  short: z.boolean().default(false),
  json: z.boolean().default(false),
});

// A full run: two game days would be the paper's; one day with three seeds keeps it under a quarter hour here.
const FULL = { hours: 24, seeds: 3, agents: undefined, reflectionThreshold: undefined };
const SHORT = { hours: 4, seeds: 1, agents: 6, reflectionThreshold: 50 };

runCli(async () => {
  const { values } = parseArgs({
    options: {
      world: { type: "string" },
      hours: { type: "string" },
      agents: { type: "string" },
      seeds: { type: "string" },
      ablate: { type: "string" },
      players: { type: "string" },
      "step-ms": { type: "string" },
      parallel: { type: "string" },
      provider: { type: "string" },
      judge: { type: "boolean" },
      short: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const parsed = parseCliOptions(Options, values, USAGE);
  if ("exit" in parsed) return parsed.exit;
  const { options } = parsed;
  const mode = options.short ? SHORT : FULL;
  const hours = options.hours ?? mode.hours;
  const seeds = options.seeds ?? mode.seeds;
  const conditions = CONDITION_NAMES.filter((name) => name === "full" || options.ablate === undefined || name === options.ablate);
  const progress = (line: string) => process.stderr.write(`eval:interview: ${line}\n`);
  let judgeModel: LlmProvider | undefined;
  try {
    judgeModel = options.judge ? createProviders(loadConfig({ ...process.env, LLM_MODE: "openai" })).llm : undefined;
  } catch (error) {
    console.error(`--judge: ${(error as Error).message}`);
    return 2;
  }
  try {
    const runs = conditions.flatMap((condition) => Array.from({ length: seeds }, (_, index) => ({ condition, seed: index + 1 })));
    // Each run has a database and a world of its own; a few at once overlap their waits on the database.
    const scored = await inParallel(runs, options.parallel, ({ condition, seed }) =>
      runCondition({
        world: options.world,
        agents: options.agents ?? mode.agents,
        hours,
        provider: options.provider,
        judge: judgeModel,
        reflectionThreshold: mode.reflectionThreshold,
        seed,
        players: options.players,
        stepMs: options["step-ms"],
        ablate: condition === "full" ? undefined : (condition as (typeof ABLATIONS)[number]),
        fact: DEFAULT_FACT,
        progress,
      }).then((answers) => answers.map((answer) => ({ ...answer, seed }))),
    );
    const details = conditions.map((condition) => ({ condition, answers: runs.flatMap((run, index) => (run.condition === condition ? scored[index]! : [])) }));
    const summaries: ConditionSummary[] = details.map(summarise);
    const full = summaries[0]!;
    const comparison = summaries.slice(1).map((summary) => ({ ablation: summary.condition, totalDifference: Math.round((full.total.mean - summary.total.mean) * 1000) / 1000, fullAbove: full.total.mean > summary.total.mean }));
    if (options.json) {
      const rounded = summaries.map((summary) => ({ ...summary, total: roundInterval(summary.total), believability: summary.believability && roundInterval(summary.believability), categories: Object.fromEntries(Object.entries(summary.categories).map(([name, interval]) => [name, roundInterval(interval)])) }));
      console.log(JSON.stringify({ world: options.world ?? null, hours, seeds, agents: options.agents ?? mode.agents ?? null, provider: options.provider, judged: options.judge, conditions: rounded, comparison, answers: details }));
    } else {
      console.log(`Interview after ${hours} game hours, ${seeds} seed(s): mean [95% t-interval] over agents and seeds\n`);
      console.log(table(summaries));
      for (const row of comparison) console.log(`full - ${row.ablation}: ${row.totalDifference >= 0 ? "+" : ""}${row.totalDifference.toFixed(3)} in total`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(error.issues.map(formatIssue).join("\n"));
      return 1;
    }
    throw error;
  }
});

/** Runs `work` over the items, at most `limit` at once, keeping the items' order in the results. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
