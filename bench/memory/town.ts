import path from "node:path";
import { collectAgentFiles, readAgentFiles } from "../../src/content/agent-files.ts";
import { toAgentRecord } from "../../src/content/agent-records.ts";
import { ContentError } from "../../src/content/content-issue.ts";
import { clockTimeToMinutes } from "../../src/content/identifiers.ts";
import { readWorldDefinition } from "../../src/content/world-definition.ts";
import type { RetrievalWeights } from "../../agents/memory/retrieval-score.ts";
import type { MemoryType } from "../../db/repositories/memory-records.ts";

export interface Slot {
  minute: number;
  activity: string;
  /** Third person, present tense ("Kneads the first batches before dawn"), when the designer wrote one. */
  description: string | undefined;
  location: string;
}

export interface Person {
  id: string;
  name: string;
  traits: string[];
  likes: string[];
  dislikes: string[];
  goals: string[];
  relationships: { id: string; type: string; affection: number }[];
  /** Sorted by minute of the day. */
  schedule: Slot[];
  /** What the designer gave the agent to remember (the agent file's "memories"), loaded before day 1 as the engine does. */
  designerMemories: { memoryType: MemoryType; content: string; importanceScore: number; emotionalRelevance: number; gameTime: number }[];
}

/** A designer's world as the stream generator sees it: its people, their days, and the world's retrieval tuning. */
export interface Town {
  worldId: string;
  people: Person[];
  places: Map<string, string>;
  retrieval: { weights: RetrievalWeights; decay: number };
}

export const DEFAULT_WORLD_DIR = path.resolve(import.meta.dirname, "..", "..", "worlds", "heartwood");

export async function readTown(worldDir: string): Promise<Town> {
  const world = await readWorldDefinition(path.join(worldDir, "world.json"));
  const { files, issues: folderIssues } = await collectAgentFiles([worldDir]);
  const { agents, issues } = await readAgentFiles(files);
  const problems = [...world.issues, ...folderIssues, ...issues].filter((issue) => issue.severity === "error");
  if (!world.definition || problems.length > 0) throw new ContentError(problems);
  const places = new Map(world.definition.locations.map((location) => [location.name, `the ${location.name.replaceAll("_", " ")}`]));
  const people = agents.map(({ agent }): Person => {
    const record = toAgentRecord(agent);
    return {
      id: agent.id,
      name: agent.name,
      traits: agent.personality_traits,
      likes: agent.likes,
      dislikes: agent.dislikes,
      goals: [agent.primary_goal, ...agent.secondary_goals].filter((goal): goal is string => Boolean(goal)),
      relationships: record.relationships.map((row) => ({ id: row.other_agent_id, type: row.relationship_type, affection: row.affection_score })),
      schedule: record.schedule
        .map((row) => ({ minute: clockTimeToMinutes(row.start_time), activity: row.activity, description: row.description ?? undefined, location: row.location ?? agent.current_location ?? "" }))
        .filter((slot) => places.has(slot.location))
        .sort((a, b) => a.minute - b.minute),
      designerMemories: record.memories.map((row) => ({
        memoryType: row.memory_type as MemoryType,
        content: row.content,
        importanceScore: row.importance_score,
        emotionalRelevance: row.emotional_relevance,
        gameTime: row.game_time,
      })),
    };
  });
  if (people.length < 3) throw new Error(`${worldDir}: the memory benchmark needs a world with at least 3 agents (found ${people.length})`);
  return { worldId: world.definition.id, people, places, retrieval: world.definition.retrieval };
}

/** What a person is doing at a minute of the day (the last slot started, else yesterday's last). */
export function slotAt(person: Person, minute: number): Slot | undefined {
  let current = person.schedule[person.schedule.length - 1];
  for (const slot of person.schedule) if (slot.minute <= minute) current = slot;
  return current;
}

/** The waking part of a person's day: from the first slot to the one whose activity is sleeping. */
export function wakingMinutes(person: Person): { from: number; to: number } {
  const first = person.schedule[0]?.minute ?? 6 * 60;
  const sleep = person.schedule.find((slot) => isAsleep(slot.activity))?.minute ?? 22 * 60;
  return { from: first, to: sleep > first ? sleep : 22 * 60 };
}

export function isAsleep(activity: string): boolean {
  return /\bsleep\b/i.test(activity);
}
