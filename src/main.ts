import { createEntryLogger } from "./log.ts";
import { configOrExit, stopOnSignals } from "./process-entry.ts";
import { startGameServer } from "./server.ts";

async function main(): Promise<void> {
  const config = configOrExit("server");
  const log = createEntryLogger(config);
  const game = await startGameServer(config, log);
  stopOnSignals(log, { stopping: "shutting down", failed: "shutdown failed" }, () => game.shutdown());
}

main().catch((error: Error) => {
  process.stderr.write(`Living World failed to start: ${error.message}\n`);
  process.exit(1);
});
