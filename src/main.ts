import { ensureEmbeddedDatabase } from "../db/embedded-creation.ts";
import { createEntryLogger } from "./log.ts";
import { configOrExit, stopOnSignals } from "./process-entry.ts";

async function main(): Promise<void> {
  const config = configOrExit("server");
  const log = createEntryLogger(config);
  // A first start on the embedded database makes its files before the server's modules load, so that the
  // memory of the two never adds up (initdb's is returned when its process ends).
  if (!config.DATABASE_URL) await ensureEmbeddedDatabase(config.dataDir);
  const { startGameServer } = await import("./server.ts");
  const starting = startGameServer(config, log);
  // Listening before a signal arrives is not enough: a SIGTERM during the start waits for it, then stops cleanly.
  stopOnSignals(log, { stopping: "shutting down", failed: "shutdown failed" }, async () => (await starting).shutdown());
  await starting;
}

main().catch((error: Error) => {
  process.stderr.write(`Living World failed to start: ${error.message}\n`);
  process.exit(1);
});
