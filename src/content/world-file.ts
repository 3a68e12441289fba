import { z } from "zod";
import { ClockTime, WorldId } from "./identifiers.ts";
import { ConversationSettingsSchema, ContentPolicySchema, DEFAULT_CONTENT_POLICY, DEFAULT_CONVERSATION_SETTINGS } from "./social-settings.ts";

const Rectangle = {
  x: z.int().min(0).describe("Left tile column"),
  y: z.int().min(0).describe("Top tile row"),
  width: z.int().min(1).describe("Width in tiles"),
  height: z.int().min(1).describe("Height in tiles"),
};

/**
 * Relevance leads (Smallville's 3 : 2 : 0.5 for relevance, importance, recency); emotion, which only a few
 * kinds of memories carry, breaks ties like recency. Why: agents/memory/retrieval-score.ts.
 */
export const DEFAULT_RETRIEVAL = { weights: { recency: 0.5, importance: 1, emotion: 0.5, relevance: 4 }, decay: 0.995 };

export const LocationSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_]*$/, "must be lowercase words joined by '_' (e.g. \"blacksmith_shop\")"),
  type: z.string().trim().min(1).describe("Kind of place, e.g. shop, home, park"),
  ...Rectangle,
});

export const WorldFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id: WorldId,
  name: z.string().trim().min(1),
  description: z.string().optional(),
  map: z.strictObject({
    width: z.int().min(1).max(2000).describe("Map width in tiles"),
    height: z.int().min(1).max(2000).describe("Map height in tiles"),
    tileSize: z.int().min(1).max(512).default(32).describe("Tile edge in pixels"),
    blocked: z.array(z.strictObject(Rectangle)).default([]).describe("Rectangles of tiles nobody can walk through"),
    tiled: z.string().trim().min(1).optional().describe("Tiled map (.tmj/.json) beside world.json: object layer = locations, layer named 'collision' = blocked tiles"),
  }),
  locations: z.array(LocationSchema).default([]),
  spawn: z.strictObject({ x: z.int().min(0), y: z.int().min(0) }).describe("Where new players appear (tile)"),
  clock: z
    .strictObject({
      startDay: z.int().min(1).default(1),
      startTime: ClockTime.default("06:00"),
      speed: z.number().positive().max(3600).default(60).describe("Game seconds per real second (60 = one game minute per second)"),
    })
    .default({ startDay: 1, startTime: "06:00", speed: 60 }),
  tickRate: z.int().min(1).max(60).default(20).describe("Simulation steps per second"),
  patchRate: z.int().min(1).max(60).default(20).describe("State patches sent to each client per second (10 halves the bandwidth and the encoding cost of 20; clients interpolate between patches)"),
  retrieval: z
    .strictObject({
      weights: z
        .strictObject({
          recency: z.number().min(0).max(100).default(DEFAULT_RETRIEVAL.weights.recency),
          importance: z.number().min(0).max(100).default(DEFAULT_RETRIEVAL.weights.importance),
          emotion: z.number().min(0).max(100).default(DEFAULT_RETRIEVAL.weights.emotion),
          relevance: z.number().min(0).max(100).default(DEFAULT_RETRIEVAL.weights.relevance),
        })
        .refine((w) => w.recency + w.importance + w.emotion + w.relevance > 0, "at least one weight must be above 0")
        .default(DEFAULT_RETRIEVAL.weights)
        .describe("How much each factor counts when an agent recalls memories (each normalised over the candidates; relevance leads)"),
      decay: z.number().gt(0).lt(1).default(0.995).describe("Recency decay per game hour since a memory was last recalled"),
    })
    .default(DEFAULT_RETRIEVAL),
  conversations: ConversationSettingsSchema.default(DEFAULT_CONVERSATION_SETTINGS),
  contentPolicy: ContentPolicySchema.default(DEFAULT_CONTENT_POLICY),
});

export type WorldFile = z.infer<typeof WorldFileSchema>;
