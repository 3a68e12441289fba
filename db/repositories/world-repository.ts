import type pg from "pg";
import { sha256 } from "../../src/hash.ts";
import type { WorldDefinition } from "../../src/content/world-definition.ts";
import { clockTimeToMinutes } from "../../src/content/identifiers.ts";
import { DEFAULT_CONTENT_POLICY, DEFAULT_CONVERSATION_SETTINGS } from "../../src/content/social-settings.ts";
import { DEFAULT_RETRIEVAL } from "../../src/content/world-file.ts";
import { gameTimeOf } from "../../src/shared-kernel/game-time.ts";

export type UpsertOutcome = "created" | "updated" | "unchanged";

export interface StoredWorld {
  id: string;
  name: string;
  definition: WorldDefinition;
  gameTime: number;
  clockSpeed: number;
  rngState: string | null;
}

/** Stores a world's definition; its clock is set only when the world is first created, never reset by a reload. */
export async function upsertWorld(client: pg.ClientBase, definition: WorldDefinition): Promise<UpsertOutcome> {
  const hash = sha256(JSON.stringify(definition));
  const startTime = gameTimeOf(definition.clock.startDay, clockTimeToMinutes(definition.clock.startTime));
  const { rows } = await client.query<{ created: boolean } & Record<string, unknown>>(
    `INSERT INTO worlds (id, name, definition, definition_hash, game_time, clock_speed)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, definition = EXCLUDED.definition,
       definition_hash = EXCLUDED.definition_hash, updated_at = now()
     WHERE worlds.definition_hash <> EXCLUDED.definition_hash
     RETURNING (xmax = 0) AS created`,
    [definition.id, definition.name, definition, hash, startTime, definition.clock.speed],
  );
  if (rows.length === 0) return "unchanged";
  return rows[0]!.created ? "created" : "updated";
}

export async function findWorld(db: pg.Pool | pg.ClientBase, id: string): Promise<StoredWorld | undefined> {
  const { rows } = await db.query<{ id: string; name: string; definition: WorldDefinition; game_time: string; clock_speed: number; rng_state: string | null }>(
    "SELECT id, name, definition, game_time, clock_speed, rng_state FROM worlds WHERE id = $1",
    [id],
  );
  const row = rows[0];
  // Worlds stored before a field existed get its default, as the loader would give them now.
  if (!row) return undefined;
  const stored = row.definition;
  const definition: WorldDefinition = {
    ...stored,
    retrieval: stored.retrieval ?? DEFAULT_RETRIEVAL,
    conversations: { ...DEFAULT_CONVERSATION_SETTINGS, ...stored.conversations },
    contentPolicy: { ...DEFAULT_CONTENT_POLICY, ...stored.contentPolicy },
  };
  return { id: row.id, name: row.name, definition, gameTime: Number(row.game_time), clockSpeed: row.clock_speed, rngState: row.rng_state };
}

export async function listWorldIds(db: pg.Pool | pg.ClientBase): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>("SELECT id FROM worlds ORDER BY id");
  return rows.map((row) => row.id);
}

/** Sets the stored clock of a world no room is running (fields left out keep their value); returns the clock as stored. */
export async function setWorldClock(db: pg.Pool | pg.ClientBase, worldId: string, change: { gameTime?: number; speed?: number }): Promise<{ gameTime: number; speed: number }> {
  const { rows } = await db.query<{ game_time: string; clock_speed: number }>(
    "UPDATE worlds SET game_time = coalesce($2, game_time), clock_speed = coalesce($3, clock_speed), updated_at = now() WHERE id = $1 RETURNING game_time, clock_speed",
    [worldId, change.gameTime ?? null, change.speed ?? null],
  );
  return { gameTime: Number(rows[0]!.game_time), speed: rows[0]!.clock_speed };
}

/** A world with no designer definition, for a benchmark that writes its agents and memories directly. */
export async function insertBareWorld(db: pg.Pool | pg.ClientBase, id: string, name: string): Promise<void> {
  await db.query("INSERT INTO worlds (id, name, definition, definition_hash) VALUES ($1, $2, '{}', 'bench')", [id, name]);
}
