import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createWorldEngine } from "../agents/create-world-engine.ts";
import { openDatabase } from "../db/client.ts";
import { LlmCallWriter } from "../db/llm-call-writer.ts";
import { migrate } from "../db/migrate.ts";
import { findWorld } from "../db/repositories/world-repository.ts";
import { llmCallRecorder } from "../rooms/llm-call-recorder.ts";
import { buildSimulation } from "../rooms/simulation-loader.ts";
import { loadConfig } from "../src/config.ts";
import { ContentError, formatIssue } from "../src/content/content-issue.ts";
import { loadContent } from "../src/content/load-content.ts";
import { createProviders } from "../src/llm/create-providers.ts";
import { createLogger } from "../src/log.ts";
import { runCli } from "./cli-support.ts";
import { scaledAgentFolder } from "./sim/scaled-agents.ts";
import { SimulatedPlayers } from "./sim/simulated-players.ts";
import { relationshipSnapshot, simReport } from "./sim/sim-report.ts";

const USAGE = `Usage: npm run sim -- [--world ID] [--agents N] [--hours H] [--provider counting|offline|openai] [--players P] [--database-url URL] [--fact TEXT] [--fact-agent ID] [--json]

Runs a world headless on a fresh in-memory database (or an EMPTY Postgres given by --database-url) for H game hours and reports what the agents'
minds cost: LLM calls and tokens per agent per game hour, memories, reflections, plans, reactions
to players, conversations, relationship changes, how far a seeded fact (--fact, told to
--fact-agent, default the first agent) spread, and the tick time. The default provider, counting, answers with the offline mind but
counts the calls and tokens the OpenAI provider would send (no key needed).`;

// The news whose spread the sim measures (Park et al. seeded a Valentine's Day party).
const DEFAULT_FACT = "There will be a harvest festival in the town square on Saturday evening.";
const FACT_ID = "fact:sim-seeded";

const Options = z.object({
  world: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "--world must be a world id like heartwood").optional(),
  agents: z.coerce.number().int("--agents must be a whole number").min(1).max(2_000).optional(),
  hours: z.coerce.number().positive("--hours must be more than 0").max(24 * 14).default(24),
  provider: z.enum(["counting", "offline", "openai"]).default("counting"),
  players: z.coerce.number().int().min(0).max(500).default(2),
  seed: z.coerce.number().int().default(1),
  "step-ms": z.coerce.number().int().min(10).max(5_000).default(250),
  "database-url": z.url("--database-url must be a postgres:// URL").optional(),
  fact: z.string().trim().min(5, "--fact must be a sentence").max(300).default(DEFAULT_FACT),
  "fact-agent": z.string().min(1).optional(),
  json: z.boolean().default(false),
});

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
      "fact-agent": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const parsed = Options.safeParse(values);
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("\n")}\n\n${USAGE}`);
    return 2;
  }
  const options = parsed.data;
  const config = loadConfig({ ...process.env, LLM_MODE: options.provider, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  const log = createLogger(config.LOG_LEVEL);
  const worldId = options.world ?? config.DEFAULT_WORLD;
  const worldDir = path.join(config.worldsDir, worldId);
  const progress = (line: string) => process.stderr.write(`${line}\n`);

  const db = await openDatabase({ url: options["database-url"], dataDir: "memory://" });
  const scaled = await scaledAgentFolder(worldDir, options.agents ?? 0);
  try {
    await migrate(db.pool);
    const providers = createProviders(config, { logger: log });
    await loadContent(db.pool, { paths: [scaled.dir], worldId, worldsDir: config.worldsDir, defaultWorldId: worldId, actor: "sim", embedder: providers.embedder });
    const world = (await findWorld(db.pool, worldId))!;
    const sim = await buildSimulation(db.pool, world);
    const calls = new LlmCallWriter(db.pool);
    let players: SimulatedPlayers | undefined;
    const { engine, scheduler } = await createWorldEngine({
      pool: db.pool,
      worldId,
      locations: world.definition.locations.map((location) => location.name),
      retrieval: world.definition.retrieval,
      llm: providers.llm,
      embedder: providers.embedder,
      concurrency: config.LLM_CONCURRENCY,
      tokensPerAgentPerGameHour: config.LLM_TOKENS_PER_AGENT_HOUR,
      replyBudget: { perRealMinute: config.PLAYER_REPLIES_PER_MINUTE, perGameHour: config.PLAYER_REPLIES_PER_GAME_HOUR },
      settings: { reflectionThreshold: config.REFLECTION_THRESHOLD },
      gameTime: () => sim.clock.gameTime,
      agent: (id) => sim.agents.get(id),
      record: llmCallRecorder(worldId, calls),
      log,
      conversations: world.definition.conversations,
      contentPolicy: world.definition.contentPolicy,
      player: (sessionId) => sim.players.get(sessionId),
      characterOf: (sessionId) => players?.characterOf(sessionId),
      chat: (line) => players?.heard(line),
    });
    players = await SimulatedPlayers.join(db.pool, worldId, sim, () => engine, { count: options.players, seed: options.seed, talkRange: world.definition.conversations.talkRange });
    const factAgent = options["fact-agent"] ?? [...sim.agents.keys()].sort()[0]!;
    if (!sim.agents.has(factAgent)) {
      console.error(`--fact-agent: no agent "${factAgent}" in world "${worldId}"; its agents are ${[...sim.agents.keys()].sort().join(", ")}`);
      return 2;
    }
    await engine.seedFact(factAgent, FACT_ID, options.fact);
    const relationshipsBefore = await relationshipSnapshot(db.pool, worldId);
    scheduler.setIdle(options.players === 0);
    progress(`sim: ${world.name}, ${sim.agents.size} agents, ${options.players} players, ${options.hours} game hours, ${providers.label}`);

    const started = { gameTime: sim.clock.gameTime, wall: performance.now() };
    const end = started.gameTime + options.hours * 3600;
    const tickMs: number[] = [];
    let lastMinute = Math.floor(sim.clock.gameTime / 60);
    let lastProgressHour = -1;
    while (sim.clock.gameTime < end) {
      const inputs = [...engine.drainInputs(), ...players.inputs()];
      const t0 = performance.now();
      const events = sim.step(options["step-ms"], inputs);
      engine.handle(events);
      tickMs.push(performance.now() - t0);
      const minute = Math.floor(sim.clock.gameTime / 60);
      if (minute !== lastMinute) {
        lastMinute = minute;
        // Thinking runs beside the world; the sim waits for it each game minute so results land on time.
        await engine.settle();
        await calls.flush();
      }
      const hour = Math.floor((sim.clock.gameTime - started.gameTime) / 3600);
      if (hour !== lastProgressHour && hour % 4 === 0) {
        lastProgressHour = hour;
        progress(`sim: game hour ${hour}/${options.hours} (${sim.clock.label}), ${scheduler.counts.done} LLM jobs so far`);
      }
    }
    await engine.settle();
    await calls.flush();
    const report = await simReport(db.pool, {
      worldId,
      agents: sim.agents.size,
      hours: options.hours,
      provider: providers.mode,
      label: providers.label,
      tickMs,
      wallSeconds: (performance.now() - started.wall) / 1000,
      players: players.report(),
      engineErrors: engine.errors.length,
      startGameTime: started.gameTime,
      fact: { id: FACT_ID, text: options.fact, agent: factAgent },
      relationshipsBefore,
    });
    if (options.json) console.log(JSON.stringify(report));
    else console.log(JSON.stringify(report, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(error.issues.map(formatIssue).join("\n"));
      return 1;
    }
    throw error;
  } finally {
    await fs.rm(scaled.dir, { recursive: true, force: true });
    await db.close();
  }
});
