import type pg from "pg";

export interface CharacterRow {
  id: string;
  userId: string | null;
  worldId: string;
  name: string;
  isGuest: boolean;
  x: number;
  y: number;
  direction: string;
}

const COLUMNS = "id, user_id, world_id, character_name, is_guest, x, y, direction";

type Row = { id: string; user_id: string | null; world_id: string; character_name: string; is_guest: boolean; x: number; y: number; direction: string };

function toCharacter(row: Row): CharacterRow {
  return { id: row.id, userId: row.user_id, worldId: row.world_id, name: row.character_name, isGuest: row.is_guest, x: row.x, y: row.y, direction: row.direction };
}

export async function findCharacter(db: pg.Pool | pg.ClientBase, id: string): Promise<CharacterRow | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM characters WHERE id = $1`, [id]);
  return rows[0] && toCharacter(rows[0]);
}

export async function findUserCharacter(db: pg.Pool | pg.ClientBase, userId: string, worldId: string): Promise<CharacterRow | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM characters WHERE user_id = $1 AND world_id = $2`, [userId, worldId]);
  return rows[0] && toCharacter(rows[0]);
}

export async function createCharacter(
  db: pg.Pool | pg.ClientBase,
  character: { userId: string | null; worldId: string; name: string; x: number; y: number },
): Promise<CharacterRow> {
  const { rows } = await db.query<Row>(
    `INSERT INTO characters (user_id, world_id, character_name, is_guest, x, y) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (user_id, world_id) WHERE user_id IS NOT NULL DO UPDATE SET last_seen_at = now()
     RETURNING ${COLUMNS}`,
    [character.userId, character.worldId, character.name, character.userId === null, character.x, character.y],
  );
  return toCharacter(rows[0]!);
}

/** A returning guest counts as seen now, so expiry counts from its latest visit. */
export async function touchCharacter(db: pg.Pool | pg.ClientBase, id: string): Promise<void> {
  await db.query("UPDATE characters SET last_seen_at = now() WHERE id = $1", [id]);
}

// Deleted a batch at a time, so a large backlog never holds one long transaction.
const EXPIRY_BATCH = 1_000;

/**
 * Deletes guest characters (no account) not seen since `seenBefore`; their relationships go with them
 * (ON DELETE CASCADE). Returns how many were deleted.
 */
export async function deleteGuestsNotSeenSince(db: pg.Pool | pg.ClientBase, seenBefore: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `DELETE FROM characters WHERE id IN (
         SELECT id FROM characters WHERE user_id IS NULL AND coalesce(last_seen_at, created_at) < $1 LIMIT $2)`,
      [seenBefore, EXPIRY_BATCH],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < EXPIRY_BATCH) return deleted;
  }
}
