import type pg from "pg";

export interface AgentLiveState {
  id: string;
  x: number;
  y: number;
  direction: string;
  activity: string;
  location: string | null;
  /** 0-100. */
  energy: number;
  /** Mood valence, -10..10 (0 is the resting mood). */
  valence: number;
  /** The mood in a word, as clients see it. */
  mood: string;
}

export interface CharacterLiveState {
  id: string;
  x: number;
  y: number;
  direction: string;
}

export interface WorldClockState {
  worldId: string;
  gameTime: number;
  clockSpeed: number;
  rngState: string;
}

/** Batched, one statement per table: the write-behind flush calls these inside one transaction. */
export async function writeAgentStates(client: pg.ClientBase, states: readonly AgentLiveState[]): Promise<void> {
  if (states.length === 0) return;
  const rows = JSON.stringify(states);
  await client.query(
    `UPDATE agent_states s SET current_x = r.x, current_y = r.y, current_direction = r.direction,
       current_action = r.activity,
       emotional_state = s.emotional_state || jsonb_build_object('mood', r.mood, 'valence', r.valence),
       physical_state = s.physical_state || jsonb_build_object('energy', r.energy), updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, x real, y real, direction text, activity text, mood text, valence real, energy real)
     WHERE s.agent_id = r.id`,
    [rows],
  );
  await client.query(
    `UPDATE agents a SET current_activity = r.activity, current_location = r.location, updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, activity text, location text)
     WHERE a.id = r.id AND (a.current_activity IS DISTINCT FROM r.activity OR a.current_location IS DISTINCT FROM r.location)`,
    [rows],
  );
}

export async function writeCharacterStates(client: pg.ClientBase, states: readonly CharacterLiveState[]): Promise<void> {
  if (states.length === 0) return;
  await client.query(
    `UPDATE characters c SET x = r.x, y = r.y, direction = r.direction, updated_at = now(), last_seen_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, x real, y real, direction text)
     WHERE c.id = r.id`,
    [JSON.stringify(states)],
  );
}

export async function writeWorldClock(client: pg.ClientBase, clock: WorldClockState): Promise<void> {
  await client.query("UPDATE worlds SET game_time = $2, clock_speed = $3, rng_state = $4, updated_at = now() WHERE id = $1", [
    clock.worldId,
    Math.floor(clock.gameTime),
    clock.clockSpeed,
    clock.rngState,
  ]);
}
