/**
 * Prints what `npm run test:faults` did, from the ledger its tests write (tmp/faults/ledger.jsonl):
 * faults injected, inputs tried and acknowledged messages lost, per suite and in total. Exits 1 when
 * a message was lost or the ledger is missing (the suite did not run).
 */
import fs from "node:fs";
import { LEDGER, type LedgerEntry } from "../test/faults/support/ledger.ts";

if (!fs.existsSync(LEDGER)) {
  console.error(`faults: no ledger at ${LEDGER}; the fault tests did not record anything`);
  process.exit(1);
}
const entries = fs
  .readFileSync(LEDGER, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as LedgerEntry);
const total = entries.reduce((sum, entry) => ({ faults: sum.faults + entry.faults, inputs: sum.inputs + entry.inputs, lost: sum.lost + entry.lost }), { faults: 0, inputs: 0, lost: 0 });
console.log("\nfault suite");
for (const entry of entries) console.log(`  ${entry.suite.padEnd(40)} faults ${String(entry.faults).padStart(4)}  inputs ${String(entry.inputs).padStart(7)}  lost ${entry.lost}`);
console.log(`faults injected: ${total.faults}, inputs tried: ${total.inputs}, messages lost: ${total.lost}`);
process.exit(total.lost === 0 ? 0 : 1);
