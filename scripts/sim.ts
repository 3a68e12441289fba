import { parseArgs } from "node:util";
import { z } from "zod";
import { ContentError, formatIssue } from "../src/content/content-issue.ts";
import { parseCliOptions, runCli } from "./cli-support.ts";
import { factDiffusion, plantFact } from "./interview/run-condition.ts";
import { DEFAULT_FACT } from "./sim/default-fact.ts";
import { openHeadlessWorld } from "./sim/headless-world.ts";
import { relationshipSnapshot, simReport } from "./sim/sim-report.ts";

const USAGE = `Usage: npm run sim -- [--world ID] [--agents N] [--hours H] [--provider counting|offline|openai] [--players P] [--database-url URL] [--fact TEXT --fact-topic WORDS] [--fact-agent ID] [--json]

Runs a world headless on a fresh in-memory database (or an EMPTY Postgres given by --database-url) for H game hours and reports what the agents'
minds cost: LLM calls and tokens per agent per game hour, memories, reflections, plans, reactions
to players, conversations, relationship changes and network density, and how far a seeded fact (--fact, told to
--fact-agent, default the first agent) spread: at the end every agent is asked about it (--fact-topic names it in the
question) and the share whose answer carries it is reported. The default provider, counting, answers with the offline mind but
counts the calls and tokens the OpenAI provider would send (no key needed).`;

const Options = z
  .object({
    world: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "--world must be a world id like heartwood").optional(),
    agents: z.coerce.number().int("--agents must be a whole number").min(1).max(2_000).optional(),
    hours: z.coerce.number().positive("--hours must be more than 0").max(24 * 14).default(24),
    provider: z.enum(["counting", "offline", "openai"]).default("counting"),
    players: z.coerce.number().int().min(0).max(500).default(2),
    seed: z.coerce.number().int().default(1),
    "step-ms": z.coerce.number().int().min(10).max(5_000).default(250),
    "database-url": z.url("--database-url must be a postgres:// URL").optional(),
    fact: z.string().trim().min(5, "--fact must be a sentence").max(300).optional(),
    "fact-topic": z.string().trim().min(3, "--fact-topic must name the fact, like \"the harvest festival\"").max(80).optional(),
    "fact-agent": z.string().min(1).optional(),
    json: z.boolean().default(false),
  })
  .refine((options) => options.fact === undefined || options["fact-topic"] !== undefined, { path: ["fact-topic"], message: "with --fact, say how a question names it, e.g. --fact-topic \"the harvest festival\"" });

runCli(async () => {
  const { values } = parseArgs({
    options: {
      world: { type: "string" },
      agents: { type: "string" },
      hours: { type: "string" },
      provider: { type: "string" },
      players: { type: "string" },
      seed: { type: "string" },
      "step-ms": { type: "string" },
      "database-url": { type: "string" },
      fact: { type: "string" },
      "fact-topic": { type: "string" },
      "fact-agent": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const parsed = parseCliOptions(Options, values, USAGE);
  if ("exit" in parsed) return parsed.exit;
  const { options } = parsed;
  const progress = (line: string) => process.stderr.write(`sim: ${line}\n`);
  let world;
  try {
    world = await openHeadlessWorld({ world: options.world, agents: options.agents, provider: options.provider, players: options.players, seed: options.seed, databaseUrl: options["database-url"] });
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(error.issues.map(formatIssue).join("\n"));
      return 1;
    }
    throw error;
  }
  try {
    const { sim, providers, db, worldId } = world;
    const fact = await plantFact(world, {
      ...(options.fact ? { id: DEFAULT_FACT.id, text: options.fact, topic: options["fact-topic"]! } : DEFAULT_FACT),
      agent: options["fact-agent"],
    }).catch((error: Error) => error);
    if (fact instanceof Error) {
      console.error(fact.message);
      return 2;
    }
    const relationshipsBefore = await relationshipSnapshot(db.pool, worldId);
    progress(`${world.worldName}, ${sim.agents.size} agents, ${options.players} players, ${options.hours} game hours, ${providers.label}`);
    const started = { gameTime: sim.clock.gameTime, wall: performance.now() };
    const tickMs = await world.advance(options.hours * 3600, options["step-ms"], progress);
    const wallSeconds = (performance.now() - started.wall) / 1000;
    const report = await simReport(db.pool, {
      worldId,
      agents: sim.agents.size,
      agentIds: [...sim.agents.keys()],
      hours: options.hours,
      provider: providers.mode,
      label: providers.label,
      tickMs,
      wallSeconds,
      players: world.players.report(),
      engineErrors: world.engine.errorCount,
      startGameTime: started.gameTime,
      fact: { id: fact.id, text: fact.text, agent: fact.agent },
      relationshipsBefore,
      relationshipsAfter: await relationshipSnapshot(db.pool, worldId),
    });
    // Park et al. measured diffusion by asking every agent; the interview comes after the report of the run, so its own calls are counted apart.
    const interviewed = await factDiffusion(world, fact);
    Object.assign(report.diffusion, interviewed);
    if (options.json) console.log(JSON.stringify(report));
    else console.log(JSON.stringify(report, null, 2));
    return 0;
  } finally {
    await world.close();
  }
});
