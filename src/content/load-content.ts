import fs from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { withTransaction } from "../../db/client.ts";
import { findExistingAgents, upsertAgents } from "../../db/repositories/agent-content-repository.ts";
import { recordAudit } from "../../db/repositories/audit-repository.ts";
import { findWorld, upsertWorld, type UpsertOutcome } from "../../db/repositories/world-repository.ts";
import { collectAgentFiles, readAgentFiles } from "./agent-files.ts";
import { toAgentRecord } from "./agent-records.ts";
import { ContentError, type ContentIssue } from "./content-issue.ts";
import { crossCheckAgents } from "./cross-check.ts";
import { embedDesignerMemories, type DesignerEmbeddings } from "./embed-designer-memories.ts";
import { WorldId } from "./identifiers.ts";
import { readWorldDefinition, type WorldDefinition } from "./world-definition.ts";
import type { EmbeddingProvider } from "../llm/task.ts";

export interface LoadRequest {
  /** Agent files or folders of them. */
  paths: string[];
  /** World to load into; inferred from paths under worlds/<id>/ when absent. */
  worldId?: string;
  worldsDir: string;
  defaultWorldId: string;
  dryRun?: boolean;
  /** Largest file read (CONTENT_MAX_FILE_BYTES); default DEFAULT_MAX_FILE_BYTES. */
  maxFileBytes?: number;
  /** Who asked, for the audit log. */
  actor: string;
  /** Folder relative paths start from (the asking CLI's, when a server loads for it); default the process's own. */
  cwd?: string;
  /** Embeds the world's designer memories in the same transaction, so they are recalled from the first tick. */
  embedder?: EmbeddingProvider;
}

export interface LoadReport {
  worldId: string;
  world: UpsertOutcome | "from-database";
  agents: Record<UpsertOutcome, number>;
  files: number;
  issues: ContentIssue[];
  dryRun: boolean;
  /** Designer memories embedded by this load (absent without an embedder, or on a dry run). */
  embeddings?: DesignerEmbeddings;
}

/**
 * Validates every file first and reports all problems of all files at once; only when there are
 * no errors does it write, in one transaction, so a bad file never leaves a half-loaded world.
 */
export async function loadContent(pool: pg.Pool, request: LoadRequest): Promise<LoadReport> {
  const issues: ContentIssue[] = [];
  const cwd = request.cwd ?? process.cwd();
  const worldId = request.worldId ?? inferWorldId(request.paths, cwd, request.worldsDir, issues) ?? request.defaultWorldId;
  // The id names a folder under worldsDir: one outside the pattern (`../x`) would read files elsewhere.
  const validId = WorldId.safeParse(worldId);
  if (!validId.success) {
    throw new ContentError([{ severity: "error", file: request.paths.join(", "), path: "$", message: `world id ${JSON.stringify(worldId)} ${validId.error.issues[0]!.message}; pass --world with a valid id` }]);
  }
  const worldFile = path.join(request.worldsDir, worldId, "world.json");
  const world = await resolveWorld(pool, worldId, worldFile, issues, request.maxFileBytes);
  const collected = await collectAgentFiles(request.paths, cwd);
  issues.push(...collected.issues);
  const { agents, issues: fileIssues } = await readAgentFiles(collected.files, request.maxFileBytes);
  issues.push(...fileIssues);
  const ids = agents.map(({ agent }) => agent.id);
  const existing = await findExistingAgents(pool, ids, worldId);
  for (const { file, agent } of agents) {
    const owner = existing.get(agent.id)?.worldId;
    if (owner && owner !== worldId) issues.push({ severity: "error", file, path: "$.id", message: `agent id "${agent.id}" already belongs to world "${owner}"; ids are unique across worlds, pick another` });
  }
  if (world.definition) {
    const othersInWorld = new Set([...existing.values()].filter((agent) => agent.worldId === worldId).map((agent) => agent.id));
    issues.push(...crossCheckAgents(world.definition, agents, othersInWorld));
  }
  if (issues.some((issue) => issue.severity === "error")) throw new ContentError(issues);

  const records = agents.map(({ agent }) => toAgentRecord(agent));
  const dryRun = request.dryRun ?? false;
  const write = async (client: pg.ClientBase) => {
    const worldOutcome = world.fromFile ? await upsertWorld(client, world.definition!) : ("from-database" as const);
    const outcomes = await upsertAgents(client, worldId, records, existing);
    const counts = countOutcomes(outcomes.values());
    const embeddings = request.embedder && !dryRun ? await embedDesignerMemories(client, worldId, request.embedder) : undefined;
    await recordAudit(client, {
      actor: request.actor,
      action: "content.load",
      tableName: "agents",
      operation: "OTHER",
      targetId: worldId,
      newValues: { world: worldOutcome, ...counts, files: collected.files.map((file) => path.relative(cwd, file)) },
    });
    return { worldOutcome, counts, embeddings };
  };
  // A dry run does all the writing inside a transaction it then rolls back, so its counts are exact.
  const result = dryRun ? await dryRunTransaction(pool, write) : await withTransaction(pool, write);
  return { worldId, world: result.worldOutcome, agents: result.counts, files: collected.files.length, issues, dryRun, ...(result.embeddings ? { embeddings: result.embeddings } : {}) };
}

class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run");
  }
}

async function dryRunTransaction<T>(pool: pg.Pool, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  try {
    await withTransaction(pool, async (client) => {
      throw new DryRunRollback(await work(client));
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T;
    throw error;
  }
  throw new Error("unreachable");
}

function countOutcomes(outcomes: Iterable<UpsertOutcome>): Record<UpsertOutcome, number> {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const outcome of outcomes) counts[outcome]++;
  return counts;
}

async function resolveWorld(pool: pg.Pool, worldId: string, worldFile: string, issues: ContentIssue[], maxFileBytes: number | undefined): Promise<{ definition?: WorldDefinition; fromFile: boolean }> {
  const exists = await fs.stat(worldFile).then(() => true, () => false);
  if (exists) {
    const read = await readWorldDefinition(worldFile, maxFileBytes);
    issues.push(...read.issues);
    if (read.definition && read.definition.id !== worldId) {
      issues.push({ severity: "error", file: worldFile, path: "$.id", message: `id "${read.definition.id}" must equal its folder name "${worldId}"` });
    }
    return { definition: read.definition, fromFile: true };
  }
  const stored = await findWorld(pool, worldId);
  if (stored) return { definition: stored.definition, fromFile: false };
  issues.push({ severity: "error", file: worldFile, path: "$", message: `world "${worldId}" has no world.json there and is not in the database; create the file or pass --world with an existing world` });
  return { fromFile: false };
}

/** worlds/<id>/agents/x.json belongs to world <id>; files from two worlds at once need an explicit --world. */
function inferWorldId(paths: readonly string[], cwd: string, worldsDir: string, issues: ContentIssue[]): string | undefined {
  const ids = new Set<string>();
  for (const given of paths) {
    const relative = path.relative(worldsDir, path.resolve(cwd, given));
    const first = relative.split(path.sep)[0];
    if (first && !relative.startsWith("..") && !path.isAbsolute(relative)) ids.add(first);
  }
  if (ids.size > 1) {
    issues.push({ severity: "error", file: paths.join(", "), path: "$", message: `these files belong to several worlds (${[...ids].join(", ")}); load one world at a time or pass --world ID` });
  }
  return ids.size === 1 ? [...ids][0] : undefined;
}
