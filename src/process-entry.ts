import { ConfigError, loadConfig, loadDotEnvIfPresent, type Config } from "./config.ts";
import type { Logger } from "./log.ts";

/** The configuration of an entry point (.env, then the environment); a bad one is printed and exits 1. */
export function configOrExit(role: "server" | "worker"): Config {
  try {
    loadDotEnvIfPresent();
    return loadConfig(process.env, role);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** On SIGINT or SIGTERM: says so, runs `stop`, and exits 0, or 1 when stopping failed. */
export function stopOnSignals(log: Logger, messages: { stopping: string; failed: string }, stop: () => Promise<void>): void {
  const onSignal = (signal: string) => {
    log.info({ signal }, messages.stopping);
    stop().then(
      () => process.exit(0),
      (error: Error) => {
        log.error({ err: error }, messages.failed);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => onSignal("SIGINT"));
  process.once("SIGTERM", () => onSignal("SIGTERM"));
}
