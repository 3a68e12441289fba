import type { AgentFile } from "./agent-file.ts";
import { sha256 } from "../hash.ts";
import type { ClockTimeSlot } from "../world/schedule.ts";
import { clockTimeToMinutes } from "./identifiers.ts";
import { clockLabel } from "../shared-kernel/game-time.ts";

/** An agent file turned into the rows the database stores, with shorthand forms expanded. */
export interface AgentRecord {
  agent: Omit<AgentFile, "$schema">;
  definitionHash: string;
  schedule: ScheduleRow[];
  relationships: RelationshipRow[];
  memories: MemoryRow[];
}

export interface ScheduleRow extends ClockTimeSlot {
  end_time: string;
}

export interface RelationshipRow {
  other_agent_id: string;
  relationship_type: string;
  affection_score: number;
  trust_level: number;
  interaction_frequency: number;
  /** The designer's words (the file's "summary"). */
  description: string | null;
}

export interface MemoryRow {
  source_key: string;
  memory_type: string;
  content: string;
  importance_score: number;
  emotional_relevance: number;
  tags: string[];
  related_agents: string[];
  location: string | null;
  game_time: number;
}

export function toAgentRecord(file: AgentFile): AgentRecord {
  const { $schema: _schema, ...agent } = file;
  return {
    agent,
    definitionHash: sha256(JSON.stringify(agent)),
    schedule: scheduleRows(agent.schedule),
    relationships: Object.entries(agent.relationships).map(([otherId, entry]) => relationshipRow(otherId, entry)),
    memories: uniqueByKey(agent.memories.map(memoryRow)),
  };
}

function scheduleRows(schedule: AgentFile["schedule"]): ScheduleRow[] {
  const entries = Object.entries(schedule)
    .map(([time, entry]) => ({ minutes: clockTimeToMinutes(time), entry: typeof entry === "string" ? { activity: entry } : entry }))
    .sort((a, b) => a.minutes - b.minutes);
  // Each slot lasts until the next one starts; the last one runs until the first slot of the next day.
  return entries.map(({ minutes, entry }, index) => ({
    start_time: clockLabel(minutes),
    end_time: clockLabel(entries[(index + 1) % entries.length]!.minutes),
    activity: entry.activity,
    description: "description" in entry ? (entry.description ?? null) : null,
    location: "location" in entry ? (entry.location ?? null) : null,
  }));
}

function relationshipRow(otherId: string, entry: AgentFile["relationships"][string]): RelationshipRow {
  const full = typeof entry === "string" ? { relationship_type: entry, affection_score: 0, trust_level: 50, interaction_frequency: 0 } : entry;
  return {
    other_agent_id: otherId,
    relationship_type: full.relationship_type,
    affection_score: full.affection_score,
    trust_level: full.trust_level,
    interaction_frequency: full.interaction_frequency,
    description: ("summary" in full ? full.summary : undefined) ?? null,
  };
}

function memoryRow(entry: AgentFile["memories"][number]): MemoryRow {
  const memory =
    typeof entry === "string"
      ? { content: entry, memory_type: "observation", importance_score: 5, emotional_relevance: 0, tags: [], related_agents: [], game_time: 0 }
      : entry;
  return {
    // The key is what the memory says, so reloading the same file never duplicates it.
    source_key: sha256(`${memory.memory_type}\n${memory.content}`).slice(0, 32),
    memory_type: memory.memory_type,
    content: memory.content,
    importance_score: memory.importance_score,
    emotional_relevance: memory.emotional_relevance,
    tags: memory.tags,
    related_agents: memory.related_agents,
    location: ("location" in memory ? memory.location : undefined) ?? null,
    game_time: memory.game_time,
  };
}

function uniqueByKey(rows: MemoryRow[]): MemoryRow[] {
  return [...new Map(rows.map((row) => [row.source_key, row])).values()];
}
