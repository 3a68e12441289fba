import fs from "node:fs/promises";
import path from "node:path";

export class DatabaseLockedError extends Error {
  constructor(
    message: string,
    /** The live process holding the lock, when known. */
    readonly owner?: number,
  ) {
    super(message);
  }
}

/**
 * PGlite is a single-process database: two processes opening the same files corrupt them.
 * A pid file guards the folder; a stale one (its process gone) is taken over.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, "living-world.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(file, String(process.pid), { flag: "wx" });
      return () => fs.rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await fs.readFile(file, "utf8").catch(() => ""));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseLockedError(
          `the embedded database in ${dir} is in use by process ${owner} (probably a running server). ` +
            "Stop that process first, or point both at a real Postgres with DATABASE_URL.",
          owner,
        );
      }
      await fs.rm(file, { force: true });
    }
  }
  throw new DatabaseLockedError(`could not lock ${file}; remove it if no Living World process is running`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
