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
  /** Attacks this suite tried, each with what the server did about it (measured, not assumed). */
  attacks?: AttackOutcome[];
}

export interface AttackOutcome {
  /** The attack as a tester would name it, e.g. "20 concurrent creates of one world". */
  attack: string;
  /** What happened, with the numbers the test measured, e.g. "1 room, 20 of 20 clients in it". */
  outcome: string;
}

/** What one fault test did, for the summary `npm run test:faults` prints at the end. */
export function record(entry: LedgerEntry): void {
  fs.mkdirSync(path.dirname(LEDGER), { recursive: true });
  fs.appendFileSync(LEDGER, `${JSON.stringify(entry)}\n`);
}

/**
 * Records one attack and its outcome. Call it after the test's assertions have passed, with the
 * figures it measured, so the summary never lists an outcome that was not observed.
 */
export function recordAttack(suite: string, attack: string, outcome: string, inputs = 0): void {
  record({ suite, faults: 0, inputs, lost: 0, attacks: [{ attack, outcome }] });
}
