import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * How to reach the control channel of the server holding the embedded database in a data folder:
 * its process, loopback port and a random token. Only the data folder's owner can read it (mode 0600),
 * so only someone who could open the database anyway can use the channel.
 */
export const ControlFile = z.strictObject({ pid: z.int().positive(), port: z.int().min(1).max(65_535), token: z.string().min(32) });
export type ControlFile = z.infer<typeof ControlFile>;

export function controlFilePath(dataDir: string): string {
  return path.join(dataDir, "control.json");
}

/** Written under a temporary name and renamed, so a reader never sees half of it nor a moment with wider permissions. */
export async function writeControlFile(dataDir: string, entry: ControlFile): Promise<void> {
  const file = controlFilePath(dataDir);
  const temporary = `${file}.${entry.pid}.tmp`;
  await fs.rm(temporary, { force: true });
  await fs.writeFile(temporary, JSON.stringify(entry), { mode: 0o600, flag: "wx" });
  await fs.rename(temporary, file);
}

/** The entry in `dataDir`, or undefined when there is none or it is unreadable (a server never wrote it whole). */
export async function readControlFile(dataDir: string): Promise<ControlFile | undefined> {
  const text = await fs.readFile(controlFilePath(dataDir), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = ControlFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the entry if it still is this one (a later server may have replaced a stale one). */
export async function removeControlFile(dataDir: string, entry: ControlFile): Promise<void> {
  const current = await readControlFile(dataDir);
  if (current?.token === entry.token) await fs.rm(controlFilePath(dataDir), { force: true });
}
