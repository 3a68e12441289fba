import type { Database } from "../../db/client.ts";
import { insertBareAgents } from "../../db/repositories/agent-repository.ts";
import { insertMemories } from "../../db/repositories/memory-repository.ts";
import { insertBareWorld } from "../../db/repositories/world-repository.ts";
import { generateAgentMemories, type DatasetShape } from "./dataset.ts";

export const BENCH_WORLD = "bench";

export function benchAgentId(index: number): string {
  return `bench_agent_${String(index).padStart(5, "0")}`;
}

/** Creates the world and its agents, then every agent's memories through insertMemories; returns ids per agent. */
export async function loadMemories(
  db: Database,
  shape: DatasetShape & { agents: number; batch: number; model: string },
  progress: (line: string) => void,
): Promise<number[][]> {
  await insertBareWorld(db.pool, BENCH_WORLD, "Retrieval bench");
  const agentIds = Array.from({ length: shape.agents }, (_, i) => benchAgentId(i));
  await insertBareAgents(db.pool, BENCH_WORLD, agentIds.map((id) => ({ id, name: id })));
  const ids: number[][] = new Array(shape.agents);
  // A real Postgres takes several statements at once; PGlite is one connection.
  const parallel = db.kind === "postgres" ? 3 : 1;
  let next = 0;
  let done = 0;
  let lastReport = performance.now();
  const started = performance.now();
  const worker = async () => {
    while (next < shape.agents) {
      const agent = next++;
      const memories = generateAgentMemories(shape, agent);
      const agentRows: number[] = [];
      for (let start = 0; start < memories.length; start += shape.batch) {
        const rows = memories.slice(start, start + shape.batch).map((memory) => ({
          agentId: agentIds[agent]!,
          memoryType: memory.memoryType,
          content: memory.content,
          importanceScore: memory.importanceScore,
          emotionalRelevance: memory.emotionalRelevance,
          gameTime: memory.gameTime,
          lastAccessedGameTime: memory.lastAccessedGameTime,
          embedding: { model: shape.model, dimensions: shape.dims, vector: memory.vector },
        }));
        agentRows.push(...(await insertMemories(db.pool, rows)));
        done += rows.length;
        if (performance.now() - lastReport > 2000) {
          lastReport = performance.now();
          const total = shape.agents * shape.memoriesPerAgent;
          const rate = done / ((lastReport - started) / 1000);
          progress(`loaded ${done}/${total} memories (${Math.round(rate)}/s)`);
        }
      }
      ids[agent] = agentRows;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
}
