import type { z } from "zod";
import { loadConfig, loadDotEnvIfPresent, type Config } from "../src/config.ts";
import { openDatabase, type Database } from "../db/client.ts";
import { DatabaseLockedError } from "../db/embedded-lock.ts";
import { migrate } from "../db/migrate.ts";
import { databaseOperations, type AdminOperations } from "../src/control/admin-operations.ts";
import { serverOperations } from "../src/control/control-client.ts";
import { readControlFile } from "../src/control/control-file.ts";
import { createProviders } from "../src/llm/create-providers.ts";

/** Opens the configured database with every migration applied, as the server would. */
export async function openMigratedDatabase(config: Config = loadConfig()): Promise<{ config: Config; db: Database }> {
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolMax: 2 });
  try {
    await migrate(db.pool);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { config, db };
}

/**
 * The admin operations on the configured database. While a server holds the embedded database (which
 * no second process may open), that server runs them, through the control channel it announced in
 * DATA_DIR/control.json; an announcement from a process that no longer holds the database is ignored.
 */
export async function openAdminOperations(config: Config = loadConfig()): Promise<{ config: Config; operations: AdminOperations; close(): Promise<void> }> {
  try {
    const { db } = await openMigratedDatabase(config);
    return { config, operations: databaseOperations(db.pool, { embedder: () => createProviders(config).embedder }), close: () => db.close() };
  } catch (error) {
    if (!(error instanceof DatabaseLockedError)) throw error;
    const server = await readControlFile(config.dataDir);
    if (!server || server.pid !== error.owner) {
      throw new DatabaseLockedError(`${error.message} If it is a server that is still starting, run this again once it is listening.`, error.owner);
    }
    return { config, operations: serverOperations(server), close: async () => {} };
  }
}

/** Runs a CLI body and turns any thrown error into one clear line and exit code 1. */
export function runCli(main: () => Promise<number>): void {
  loadDotEnvIfPresent();
  main().then(
    (code) => exitWhenWritten(code),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      exitWhenWritten(1);
    },
  );
}

/** Exits once everything written to stdout and stderr is out: to a pipe they are written asynchronously, and an exit cuts a long report short. */
function exitWhenWritten(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/**
 * A CLI's parsed options, or the exit code to end with: --help prints the usage (0); options the schema
 * rejects are named, each with what is wrong, above the usage (2).
 */
export function parseCliOptions<T>(schema: z.ZodType<T>, values: Record<string, unknown>, usage: string): { options: T } | { exit: number } {
  if (values.help) {
    console.log(usage);
    return { exit: 0 };
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { options: parsed.data };
  console.error(`${parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("\n")}\n\n${usage}`);
  return { exit: 2 };
}
