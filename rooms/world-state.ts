import { schema, t, type SchemaType } from "@colyseus/schema";

export const AgentState = schema(
  {
    id: t.string(),
    name: t.string(),
    role: t.string(),
    x: t.float32(),
    y: t.float32(),
    direction: t.string(),
    moving: t.boolean(),
    activity: t.string(),
    location: t.string(),
    /** In a word, from energy and what happened (e.g. "cheerful", "tired", "upset"); the agent file's mood at rest. */
    mood: t.string(),
    /** 0 (exhausted) to 100 (rested), in whole points, so it changes every few game minutes at most. */
    energy: t.uint8(),
  },
  "Agent",
);
export type AgentState = SchemaType<typeof AgentState>;

export const PlayerState = schema(
  {
    id: t.string(),
    name: t.string(),
    x: t.float32(),
    y: t.float32(),
    direction: t.string(),
    moving: t.boolean(),
  },
  "Player",
);
export type PlayerState = SchemaType<typeof PlayerState>;

export const WorldState = schema(
  {
    worldId: t.string(),
    worldName: t.string(),
    /** Game seconds since day 1, 00:00; sent once per game minute, advance it locally with clockSpeed. */
    gameTime: t.number(),
    /** Game seconds per real second. */
    clockSpeed: t.number(),
    /** Only the entities within the client's interest radius (StateView). */
    agents: t.map(AgentState).view(),
    players: t.map(PlayerState).view(),
  },
  "WorldState",
);
export type WorldState = SchemaType<typeof WorldState>;
