/**
 * Prints what `npm run test:faults` did, from the ledger its tests write (tmp/faults/ledger.jsonl):
 * faults injected, inputs tried and acknowledged messages lost, per suite and in total, then every
 * attack tried with its measured outcome. Exits 1 when a message was lost or the ledger is missing
 * (the suite did not run).
 */
import fs from "node:fs";
import { LEDGER, type LedgerEntry } from "./support/ledger.ts";

if (!fs.existsSync(LEDGER)) {
  console.error(`faults: no ledger at ${LEDGER}; the fault tests did not record anything`);
  process.exit(1);
}
const entries = fs
  .readFileSync(LEDGER, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as LedgerEntry);

const suites = new Map<string, { faults: number; inputs: number; lost: number }>();
for (const entry of entries) {
  const suite = suites.get(entry.suite) ?? { faults: 0, inputs: 0, lost: 0 };
  suites.set(entry.suite, { faults: suite.faults + entry.faults, inputs: suite.inputs + entry.inputs, lost: suite.lost + entry.lost });
}
const total = [...suites.values()].reduce((sum, suite) => ({ faults: sum.faults + suite.faults, inputs: sum.inputs + suite.inputs, lost: sum.lost + suite.lost }), { faults: 0, inputs: 0, lost: 0 });
const attacks = entries.flatMap((entry) => (entry.attacks ?? []).map((attack) => ({ suite: entry.suite, ...attack })));

console.log("\nfault suite");
for (const [name, suite] of suites) console.log(`  ${name.padEnd(40)} faults ${String(suite.faults).padStart(4)}  inputs ${String(suite.inputs).padStart(7)}  lost ${suite.lost}`);
if (attacks.length > 0) {
  console.log("\nattacks tried");
  for (const { attack, outcome } of attacks) console.log(`  ${attack}\n      -> ${outcome}`);
}
console.log(`faults injected: ${total.faults}, inputs tried: ${total.inputs}, messages lost: ${total.lost}, attacks tried: ${attacks.length}`);
process.exit(total.lost === 0 ? 0 : 1);
