import type { z } from "zod";
import { loadConfig, loadDotEnvIfPresent, type Config } from "../src/config.ts";
import { openDatabase, type Database } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";

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
