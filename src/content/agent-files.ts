import fs from "node:fs/promises";
import path from "node:path";
import { AgentFileSchema, type AgentFile } from "./agent-file.ts";
import type { ContentIssue } from "./content-issue.ts";
import { parseWithSchema } from "./parse-with-schema.ts";
import { readJsonFile } from "./read-json-file.ts";

export interface LoadedAgent {
  file: string;
  agent: AgentFile;
}

/** Expands folders into the .json files they hold (sorted, so runs are repeatable); files are taken as given. */
export async function collectAgentFiles(paths: readonly string[], cwd = process.cwd()): Promise<{ files: string[]; issues: ContentIssue[] }> {
  const files: string[] = [];
  const issues: ContentIssue[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = await fs.stat(absolute).catch(() => undefined);
    if (!stat) issues.push({ severity: "error", file: given, path: "$", message: "no such file or folder" });
    else if (stat.isDirectory()) files.push(...(await agentFilesIn(absolute)));
    else files.push(absolute);
  }
  return { files: [...new Set(files)], issues };
}

/** A world folder means its agents/ folder; world.json, Tiled maps and schema files are never agents. */
async function agentFilesIn(dir: string): Promise<string[]> {
  const agentsDir = path.join(dir, "agents");
  const isWorldFolder = await fs.stat(path.join(dir, "world.json")).then(() => true, () => false);
  const root = isWorldFolder ? agentsDir : dir;
  const entries = await fs.readdir(root, { recursive: true }).catch(() => [] as string[]);
  return entries
    .filter((entry) => entry.endsWith(".json") && !entry.endsWith(".schema.json") && path.basename(entry) !== "world.json")
    .sort()
    .map((entry) => path.join(root, entry));
}

export async function readAgentFiles(files: readonly string[], maxFileBytes?: number): Promise<{ agents: LoadedAgent[]; issues: ContentIssue[] }> {
  const agents: LoadedAgent[] = [];
  const issues: ContentIssue[] = [];
  for (const file of files) {
    const json = await readJsonFile(file, maxFileBytes);
    if (!json.ok) {
      issues.push(json.issue);
      continue;
    }
    const parsed = parseWithSchema(AgentFileSchema, json.value, file);
    issues.push(...parsed.issues);
    if (parsed.data) agents.push({ file, agent: parsed.data });
  }
  return { agents, issues };
}
