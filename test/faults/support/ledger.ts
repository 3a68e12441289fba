import fs from "node:fs";
import path from "node:path";

export const LEDGER = path.resolve("tmp/faults/ledger.jsonl");

export interface LedgerEntry {
  suite: string;
  /** Faults injected (a kill, an outage, a failing provider...). */
  faults: number;
  /** Hostile or generated inputs sent. */
  inputs: number;
  /** Acknowledged messages that were not found afterwards (must be 0). */
  lost: number;
}

/** What one fault test did, for the summary `npm run test:faults` prints at the end. */
export function record(entry: LedgerEntry): void {
  fs.mkdirSync(path.dirname(LEDGER), { recursive: true });
  fs.appendFileSync(LEDGER, `${JSON.stringify(entry)}\n`);
}
