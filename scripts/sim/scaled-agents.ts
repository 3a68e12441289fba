import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { collectAgentFiles, readAgentFiles } from "../../src/content/agent-files.ts";
import type { AgentFile } from "../../src/content/agent-file.ts";

/**
 * A world's agent files, cloned to reach `count` agents: clone k of "elara" is "elara_k", and its
 * relationships point at the clones of its friends, so every copy of the town is a town of its own.
 * Written to a temporary folder for the loader; the caller removes it.
 */
export async function scaledAgentFolder(worldDir: string, count: number): Promise<{ dir: string; count: number }> {
  const { files } = await collectAgentFiles([worldDir]);
  const { agents, issues } = await readAgentFiles(files);
  const errors = issues.filter((issue) => issue.severity === "error");
  if (errors.length > 0 || agents.length === 0) throw new Error(`the agents of ${worldDir} do not load; run npm run agents:load -- ${worldDir} --dry-run to see why`);
  const originals = agents.map(({ agent }) => agent);
  const wanted = count > 0 ? count : originals.length;
  const slots = Array.from({ length: wanted }, (_, index) => ({ original: originals[index % originals.length]!, copy: Math.floor(index / originals.length) }));
  const ids = new Set(slots.map(({ original, copy }) => cloneId(original.id, copy)));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-sim-agents-"));
  for (const { original, copy } of slots) {
    const agent = clone(original, copy, ids);
    await fs.writeFile(path.join(dir, `${agent.id}.json`), JSON.stringify(agent));
  }
  return { dir, count: wanted };
}

function cloneId(id: string, copy: number): string {
  return copy === 0 ? id : `${id}_${copy + 1}`;
}

/** An agent keeps only the relationships whose other side is in the run too (the last copy may be partial). */
function clone(agent: AgentFile, copy: number, ids: ReadonlySet<string>): AgentFile {
  const other = (id: string) => cloneId(id, copy);
  return {
    ...agent,
    id: cloneId(agent.id, copy),
    name: copy === 0 ? agent.name : `${agent.name} ${copy + 1}`,
    relationships: Object.fromEntries(Object.entries(agent.relationships).filter(([id]) => ids.has(other(id))).map(([id, relation]) => [other(id), relation])),
    memories: agent.memories.map((memory) => (typeof memory === "string" ? memory : { ...memory, related_agents: memory.related_agents.map(other).filter((id) => ids.has(id)) })),
  };
}
