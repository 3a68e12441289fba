import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { sha256 } from "../src/hash.ts";
import { inTransaction, withClient } from "./client.ts";

export const DEFAULT_MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "migrations");

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 727_001;

export interface MigrationFile {
  version: string;
  name: string;
  checksum: string;
  sql: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {}

export async function readMigrationFiles(dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const match = MIGRATION_FILE.exec(name);
    if (!match) {
      throw new MigrationError(`${path.join(dir, name)}: migration files must be named NNN_lowercase_words.sql (e.g. 002_add_quests.sql)`);
    }
    const sql = await fs.readFile(path.join(dir, name), "utf8");
    files.push({ version: match[1]!, name, checksum: sha256(sql), sql });
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const other = seen.get(file.version);
    if (other) throw new MigrationError(`${dir}: ${other} and ${file.name} share version ${file.version}; give each migration its own number`);
    seen.set(file.version, file.name);
  }
  return files;
}

/**
 * Applies pending migrations in order, each in its own transaction, and refuses to run when a
 * migration that was already applied has changed on disk: the database would no longer match the files.
 */
export async function migrate(pool: pg.Pool, dir = DEFAULT_MIGRATIONS_DIR, log: (line: string) => void = () => {}): Promise<MigrationResult> {
  const files = await readMigrationFiles(dir);
  // One session for everything: the advisory lock belongs to it, and PGlite's pool has only one client.
  return withClient(pool, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: string; name: string; checksum: string }>(
        "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
      );
      verifyAppliedUnchanged(rows, files, dir);
      const appliedVersions = new Set(rows.map((row) => row.version));
      const pending = files.filter((file) => !appliedVersions.has(file.version));
      for (const file of pending) {
        await applyOne(client, file);
        log(`applied ${file.name}`);
      }
      return { applied: pending.map((file) => file.name), alreadyApplied: rows.map((row) => row.name) };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  });
}

function verifyAppliedUnchanged(applied: { version: string; name: string; checksum: string }[], files: MigrationFile[], dir: string): void {
  const byVersion = new Map(files.map((file) => [file.version, file]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationError(
        `migration ${row.name} is applied to this database but missing from ${dir}; restore the file (a newer server may have migrated this database)`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${file.name} changed after it was applied (recorded checksum ${row.checksum.slice(0, 12)}, file now ${file.checksum.slice(0, 12)}); ` +
          "restore the original file and put the change in a new migration",
      );
    }
  }
}

async function applyOne(client: pg.PoolClient, file: MigrationFile): Promise<void> {
  try {
    await inTransaction(client, async () => {
      await client.query(file.sql);
      await client.query("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [file.version, file.name, file.checksum]);
    });
  } catch (error) {
    throw new MigrationError(`migration ${file.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}
