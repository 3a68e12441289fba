import type pg from "pg";
import { AuthError } from "../../src/auth/errors.ts";
import type { Role } from "../../src/auth/roles.ts";

/**
 * Accounts. Usernames are case-insensitive: they are stored lowercased and looked up lowercased, so
 * "Alice" and "alice" are the same account and the `UNIQUE (username)` constraint of migration 001
 * enforces case-insensitive uniqueness without a new index.
 */
export interface UserRecord {
  id: string;
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
}

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
}

type Queryable = pg.Pool | pg.ClientBase;

interface UserRow {
  id: string;
  username: string;
  role: Role;
  password_hash: string;
  created_at: Date;
}

const COLUMNS = "id, username, role, password_hash, created_at";
const UNIQUE_VIOLATION = "23505";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function normalizeUsername(username: string): string {
  return username.toLowerCase();
}

/** Inserts a user; a taken username (in any letter case) rejects with AuthError `username_taken`. */
export async function createUser(db: Queryable, user: NewUser): Promise<UserRecord> {
  const username = normalizeUsername(user.username);
  try {
    const { rows } = await db.query<UserRow>(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [username, user.passwordHash, user.role],
    );
    return toRecord(rows[0]!);
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new AuthError("username_taken", `username "${username}" is taken (usernames ignore letter case); choose another one`, { cause: error });
    }
    throw error;
  }
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [normalizeUsername(username)]);
  return rows[0] && toRecord(rows[0]);
}

/** Undefined for an unknown id, including a string that is not a uuid at all (Postgres would reject it). */
export async function findUserById(db: Queryable, id: string): Promise<UserRecord | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

/** Locks the row until the transaction ends, for read-modify-write (role changes). */
export async function findUserByUsernameForUpdate(client: pg.ClientBase, username: string): Promise<UserRecord | undefined> {
  const { rows } = await client.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1 FOR UPDATE`, [normalizeUsername(username)]);
  return rows[0] && toRecord(rows[0]);
}

export async function setUserRole(db: Queryable, id: string, role: Role): Promise<void> {
  await db.query("UPDATE users SET role = $2 WHERE id = $1", [id, role]);
}

function toRecord(row: UserRow): UserRecord {
  return { id: row.id, username: row.username, role: row.role, passwordHash: row.password_hash, createdAt: row.created_at };
}
