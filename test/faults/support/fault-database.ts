import { openDatabase, type Database } from "../../../db/client.ts";
import { createThrowawayDatabase } from "../../../db/throwaway-database.ts";

/** The fault suite runs on the real PostgreSQL only; without it, it says how to get one instead of skipping. */
export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("npm run test:faults needs a real PostgreSQL: run `bash scripts/services/setup.sh` and `source scripts/services/env.sh` first (TEST_DATABASE_URL is not set)");
  return url;
}

export function faultDatabase(prefix: string) {
  return createThrowawayDatabase(adminUrl(), prefix);
}

/** A small pool on a database a server under test writes to, for checking what it stored. */
export function openForChecks(url: string): Promise<Database> {
  return openDatabase({ url, dataDir: "unused", poolMax: 2 });
}
