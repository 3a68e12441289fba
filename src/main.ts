import { ConfigError, loadConfig, loadDotEnvIfPresent } from "./config.ts";
import { createLogger } from "./log.ts";
import { startGameServer } from "./server.ts";

async function main(): Promise<void> {
  let config;
  try {
    loadDotEnvIfPresent();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const game = await startGameServer(config, log);
  const stop = (signal: string) => {
    log.info({ signal }, "shutting down");
    game.shutdown().then(
      () => process.exit(0),
      (error: Error) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: Error) => {
  process.stderr.write(`Living World failed to start: ${error.message}\n`);
  process.exit(1);
});
