import { z } from "zod";
import { MEMORY_TYPES } from "../../db/repositories/memory-records.ts";
import { RELATIONSHIP_TYPES } from "../../db/repositories/relationship-repository.ts";
import { AgentId, clockTimeToMinutes, ScheduleTime } from "./identifiers.ts";

const text = z.string().trim().min(1, "must not be empty");
const textList = z.array(text).default([]);

export const ScheduleEntrySchema = z.union([
  text.describe("What the agent does, e.g. \"open shop, light forge\" (the older Heartwood Valley format)"),
  z.strictObject({
    activity: text,
    description: z.string().optional(),
    location: text.optional().describe("Name of a location in world.json where this happens"),
  }),
]);

export const RelationshipSchema = z.union([
  z.enum(RELATIONSHIP_TYPES).describe("Shorthand: only the relationship type"),
  z.strictObject({
    relationship_type: z.enum(RELATIONSHIP_TYPES).default("acquaintance"),
    affection_score: z.int().min(-100).max(100).default(0),
    trust_level: z.int().min(0).max(100).default(50),
    interaction_frequency: z.int().min(0).default(0),
    summary: z.string().optional().describe("The designer's description of the relationship (kept; what the agent makes of its talks is stored apart)"),
  }),
]);

export const MemorySchema = z.union([
  text.describe("An observation the agent starts with"),
  z.strictObject({
    content: text,
    memory_type: z.enum(MEMORY_TYPES).default("observation"),
    importance_score: z.number().min(0).max(10).default(5),
    emotional_relevance: z.number().min(0).max(1).default(0),
    tags: textList,
    related_agents: z.array(AgentId).default([]),
    location: text.optional(),
    game_time: z.int().min(0).default(0).describe("Game seconds since day 1, 00:00"),
  }),
]);

/**
 * One agent per file. A superset of the Heartwood Valley format: files written for that game
 * load unchanged, and the optional fields below add to it.
 */
export const AgentFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id: AgentId,
  name: text,
  role: text.optional().describe("Short role shown in tools, e.g. \"blacksmith\""),
  constitution: z.string().default(""),
  current_location: text.optional(),
  current_activity: text.optional(),
  energy_level: z.int().min(0).max(100).default(100),
  mood: text.optional(),
  primary_goal: text.optional(),
  secondary_goals: textList,
  personality_traits: textList,
  likes: textList,
  dislikes: textList,
  background: z.string().optional(),
  current_x: z.int().min(0).describe("Starting tile column"),
  current_y: z.int().min(0).describe("Starting tile row"),
  schedule: z
    .record(ScheduleTime, ScheduleEntrySchema)
    .superRefine((schedule, ctx) => {
      const seen = new Map<number, string>();
      for (const time of Object.keys(schedule)) {
        const minute = clockTimeToMinutes(time);
        const other = seen.get(minute);
        if (other !== undefined) ctx.addIssue({ code: "custom", path: [time], message: `starts at the same time as "${other}"; keep one of the two` });
        seen.set(minute, time);
      }
    })
    .default({}),
  relationships: z.record(AgentId, RelationshipSchema).default({}),
  memories: z.array(MemorySchema).default([]),
  current_plans: textList,
});

export type AgentFile = z.infer<typeof AgentFileSchema>;
export type AgentMemoryEntry = z.infer<typeof MemorySchema>;
export type AgentRelationshipEntry = z.infer<typeof RelationshipSchema>;
