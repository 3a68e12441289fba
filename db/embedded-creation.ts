import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CREATOR = fileURLToPath(new URL("./create-embedded-database.mjs", import.meta.url));
/** What a failed creation shows of the creator's output. */
const OUTPUT_TAIL_CHARS = 4_000;

/** The folder of DATA_DIR that holds PGlite's files. */
export function embeddedDatabaseFolder(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

/** A folder that holds a finished database: the creator writes PG_VERSION last. */
async function isDatabaseFolder(folder: string): Promise<boolean> {
  return fs.access(path.join(folder, "PG_VERSION")).then(
    () => true,
    () => false,
  );
}

/** Creates DATA_DIR's embedded database unless it has one (or lives in memory). */
export async function ensureEmbeddedDatabase(dataDir: string): Promise<void> {
  const folder = embeddedDatabaseFolder(dataDir);
  if (dataDir.startsWith("memory://") || (await isDatabaseFolder(folder))) return;
  await fs.mkdir(folder, { recursive: true });
  await createEmbeddedDatabase(folder);
}

/**
 * Creates the embedded database's files in `folder` (a first start) in a short-lived process of its own,
 * with the flags that keep initdb small (see create-embedded-database.mjs): the memory initdb takes is
 * returned when that process ends, instead of staying in the server.
 */
function createEmbeddedDatabase(folder: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--liftoff-only", CREATOR, folder], { stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS)));
    child.once("error", (error) => reject(new Error(`could not start node to create the embedded database in ${folder}: ${error.message}`, { cause: error })));
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(output.trim() || `could not create the embedded database in ${folder}: its process ended with ${signal ?? `exit code ${code}`}`));
    });
  });
}
