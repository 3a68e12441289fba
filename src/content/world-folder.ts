import path from "node:path";
import type { AgentSeed } from "../world/world-setup.ts";
import { scheduleFromRows } from "../world/schedule.ts";
import { collectAgentFiles, readAgentFiles } from "./agent-files.ts";
import { toAgentRecord } from "./agent-records.ts";
import { ContentError } from "./content-issue.ts";
import { readWorldDefinition, type WorldDefinition } from "./world-definition.ts";

/**
 * A world folder read straight from disk into what the simulation is built from, without a database:
 * for headless tools (benchmarks) and tests. Any error in the files throws a ContentError listing them.
 */
export async function readWorldFolder(worldDir: string): Promise<{ definition: WorldDefinition; agents: AgentSeed[] }> {
  const world = await readWorldDefinition(path.join(worldDir, "world.json"));
  const { files, issues: folderIssues } = await collectAgentFiles([worldDir]);
  const { agents, issues } = await readAgentFiles(files);
  const problems = [...world.issues, ...folderIssues, ...issues].filter((issue) => issue.severity === "error");
  if (!world.definition || problems.length > 0) throw new ContentError(problems);
  return {
    definition: world.definition,
    agents: agents.map(({ agent }) => {
      const record = toAgentRecord(agent);
      return {
        id: record.agent.id,
        name: record.agent.name,
        role: record.agent.role,
        x: record.agent.current_x,
        y: record.agent.current_y,
        activity: record.agent.current_activity ?? "idle",
        location: record.agent.current_location ?? "",
        mood: record.agent.mood,
        energy: record.agent.energy_level,
        schedule: scheduleFromRows(record.schedule),
      };
    }),
  };
}
