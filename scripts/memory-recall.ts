import { parseArgs } from "node:util";
import { DatabaseLockedError } from "../db/embedded-lock.ts";
import { DEFAULT_RECALL_K, MAX_RECALL_K, recallMemories, RecallError, type Recall } from "../agents/memory/recall.ts";
import { loadConfig } from "../src/config.ts";
import { createProviders } from "../src/llm/create-providers.ts";
import { openMigratedDatabase, runCli } from "./cli-support.ts";

const USAGE = `Usage: npm run memory:recall -- --agent ID --query "TEXT" [--world ID] [--k N] [--json]

Prints the memories an agent would recall for a question, best first, with each component's score
(the engine's own retrieval: same embedder, the world's weights and current game time). Read-only:
asking does not mark anything as recalled.
  --agent ID      the agent to ask
  --query TEXT    the question or situation to recall for
  --world ID      the agent's world (default: DEFAULT_WORLD)
  --k N           how many memories, 1-${MAX_RECALL_K} (default ${DEFAULT_RECALL_K})
  --json          one JSON object { agent, query, memories: [{ id, content, type, score, components }] }`;

runCli(async () => {
  const { values } = parseArgs({
    options: {
      agent: { type: "string" },
      query: { type: "string" },
      world: { type: "string" },
      k: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const problem = usageProblem(values);
  if (problem) {
    console.error(`${problem}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const { db } = await openMigratedDatabase(config).catch((error: Error) => {
    if (error instanceof DatabaseLockedError) {
      error.message += ` A running server answers the same question: GET /api/worlds/${values.world ?? config.DEFAULT_WORLD}/agents/${values.agent}/recall?q=... (admin token).`;
    }
    throw error;
  });
  try {
    const { embedder } = createProviders(config);
    const recall = await recallMemories(db.pool, embedder, {
      worldId: values.world ?? config.DEFAULT_WORLD,
      agentId: values.agent!,
      query: values.query!,
      k: values.k === undefined ? DEFAULT_RECALL_K : Number(values.k),
    }, { warn: (details: { err?: string }, message) => console.error(`warning: ${message} (${details.err ?? "no details"})`) });
    console.log(values.json ? JSON.stringify(recall) : formatRecall(recall));
    return 0;
  } catch (error) {
    if (!(error instanceof RecallError)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await db.close();
  }
});

function usageProblem(values: { agent?: string; query?: string; k?: string }): string | undefined {
  if (!values.agent) return "No --agent given: name the agent to ask (its id, e.g. aldric_mayor).";
  if (!values.query?.trim()) return 'No --query given: say what to recall, e.g. --query "harvest festival".';
  if (values.k !== undefined && !/^\d+$/.test(values.k)) return `--k must be a whole number from 1 to ${MAX_RECALL_K} (got "${values.k}").`;
  const k = Number(values.k ?? DEFAULT_RECALL_K);
  if (k < 1 || k > MAX_RECALL_K) return `--k must be a whole number from 1 to ${MAX_RECALL_K} (got ${k}).`;
  return undefined;
}

function formatRecall(recall: Recall): string {
  const head = `${recall.agent} recalls for "${recall.query}":`;
  if (recall.memories.length === 0) return `${head}\n  (no memories yet)`;
  const lines = recall.memories.map((memory, index) => {
    const { recency, importance, emotion, relevance } = memory.components;
    const parts = `recency ${recency.toFixed(3)}  importance ${importance.toFixed(3)}  emotion ${emotion.toFixed(3)}  relevance ${relevance.toFixed(3)}`;
    return `${String(index + 1).padStart(3)}. score ${memory.score.toFixed(3)}  [${memory.type}] ${memory.content}\n       ${parts}  (memory ${memory.id})`;
  });
  return [head, ...lines].join("\n");
}
