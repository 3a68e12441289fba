// Reads vitest JSON reports and prints one closing line CI can read: "N passed, N failed, N skipped".
// Exits non-zero when any test failed or was skipped: in CI every suite must really run.
import fs from "node:fs";

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as VitestReport;
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += skipped;
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (totals.failed > 0 || totals.skipped > 0 || totals.passed === 0) {
  console.error(totals.skipped > 0 ? "Skipped tests are not allowed in CI." : "Tests failed or none ran.");
  process.exit(1);
}
