import { createRequire } from "node:module";
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

export const LOG_FORMATS = ["json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The optional development dependency that makes pretty lines; a production install leaves it out. */
const PRETTY_PACKAGE = "pino-pretty";

export function createLogger(level: string, name = "living-world", format: LogFormat = "json"): Logger {
  const options = {
    name,
    level,
    redact: { paths: ["password", "*.password", "apiKey", "*.apiKey", "token", "*.token"], censor: "[redacted]" },
  };
  if (format === "json") return pino(options);
  const pretty = prettyStream();
  if (pretty) return pino(options, pretty);
  const log = pino(options);
  log.warn(`pretty logs need ${PRETTY_PACKAGE}, a development dependency that is not installed: logging JSON (set LOG_FORMAT=json to choose it)`);
  return log;
}

/**
 * The logger of a process entry (the server, the worker): LOG_FORMAT when set; otherwise readable lines for a
 * person at a terminal in development, and JSON for everything that reads logs (pipes, files, production, CI).
 */
export function createEntryLogger(config: { LOG_LEVEL: string; LOG_FORMAT?: LogFormat; NODE_ENV: string }, name?: string): Logger {
  const atTerminal = config.NODE_ENV !== "production" && process.stdout.isTTY === true;
  return createLogger(config.LOG_LEVEL, name, config.LOG_FORMAT ?? (atTerminal ? "pretty" : "json"));
}

/** pino-pretty writing synchronously, so the last lines before an exit are not lost; undefined when not installed. */
function prettyStream(): DestinationStream | undefined {
  let build: (options: Record<string, unknown>) => DestinationStream;
  try {
    build = createRequire(import.meta.url)(PRETTY_PACKAGE) as typeof build;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  return build({ sync: true, singleLine: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
}
