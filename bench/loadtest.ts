/**
 * Load tool: N real @colyseus/sdk clients against a running server, in worker processes.
 *
 *   npm run loadtest -- --url ws://localhost:2567 --clients 100 --duration 60 --ramp 10 --json
 *
 * See bench/loadtest/options.ts for every option.
 */
import { OptionsError, parseCliOptions } from "./support/cli-options.ts";
import { LoadOptionsSchema, toLoadOptions, USAGE } from "./loadtest/options.ts";
import { formatProgress, runLoad, UnreachableServerError } from "./loadtest/run-load.ts";
import { formatSummary } from "./loadtest/summary.ts";

async function main(): Promise<number> {
  const parsed = parseCliOptions(process.argv.slice(2), LoadOptionsSchema, USAGE);
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = toLoadOptions(parsed);
  process.stderr.write(`loadtest: ${options.clients} clients, ${options.workers} worker process(es), ${options.durationSeconds} s against ${options.url}\n`);
  const summary = await runLoad(options, (progress) => process.stderr.write(`loadtest: ${formatProgress(progress)}`));
  process.stdout.write(parsed.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
  if (!summary.passed && parsed.json) process.stderr.write(`loadtest: FAILED\n${summary.failures.map((failure) => `  - ${failure}`).join("\n")}\n`);
  return summary.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    const known = error instanceof OptionsError || error instanceof UnreachableServerError;
    process.stderr.write(`loadtest: ${known ? error.message : error.stack}\n`);
    process.exit(error instanceof OptionsError ? 2 : 1);
  },
);
