import type { LoadedAgent } from "./agent-files.ts";
import { jsonPath, type ContentIssue } from "./content-issue.ts";
import { isBlocked, type WorldDefinition } from "./world-definition.ts";

/**
 * Checks that need more than one file: unique ids, positions on the map, relationships that point at
 * real agents, and locations that exist in the world.
 */
export function crossCheckAgents(world: WorldDefinition, agents: readonly LoadedAgent[], otherAgentIds: ReadonlySet<string>): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const firstFileById = new Map<string, string>();
  for (const { file, agent } of agents) {
    const first = firstFileById.get(agent.id);
    if (first) issues.push(error(file, "$.id", `agent id "${agent.id}" is also defined in ${first}; every agent needs its own id`));
    else firstFileById.set(agent.id, file);
  }
  const knownIds = new Set([...otherAgentIds, ...firstFileById.keys()]);
  const locationNames = new Set(world.locations.map((location) => location.name));
  const knownLocations = [...locationNames].join(", ") || "(none defined)";
  for (const { file, agent } of agents) {
    const { width, height } = world.map;
    if (agent.current_x >= width || agent.current_y >= height) {
      issues.push(error(file, "$.current_x", `out of range: position (${agent.current_x}, ${agent.current_y}) is outside the ${width}x${height} map of world "${world.id}"`));
    } else if (isBlocked(world, agent.current_x, agent.current_y)) {
      issues.push(warning(file, "$.current_x", `position (${agent.current_x}, ${agent.current_y}) is a blocked tile; the agent will step to the nearest walkable tile`));
    }
    for (const target of Object.keys(agent.relationships)) {
      const at = jsonPath(["relationships", target]);
      if (target === agent.id) issues.push(error(file, at, "an agent cannot have a relationship with itself"));
      else if (!knownIds.has(target)) issues.push(error(file, at, `no agent "${target}" in these files or in world "${world.id}"; load its file too or fix the id`));
    }
    if (agent.current_location && !locationNames.has(agent.current_location)) {
      issues.push(warning(file, "$.current_location", `"${agent.current_location}" is not a location of world "${world.id}" (known: ${knownLocations})`));
    }
    for (const [time, entry] of Object.entries(agent.schedule)) {
      if (typeof entry !== "string" && entry.location && !locationNames.has(entry.location)) {
        issues.push(warning(file, jsonPath(["schedule", time, "location"]), `"${entry.location}" is not a location of world "${world.id}" (known: ${knownLocations})`));
      }
    }
  }
  return issues;
}

function error(file: string, path: string, message: string): ContentIssue {
  return { severity: "error", file, path, message };
}

function warning(file: string, path: string, message: string): ContentIssue {
  return { severity: "warning", file, path, message };
}
