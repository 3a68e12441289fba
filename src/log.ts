import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string, name = "living-world"): Logger {
  return pino({
    name,
    level,
    redact: { paths: ["password", "*.password", "apiKey", "*.apiKey", "token", "*.token"], censor: "[redacted]" },
  });
}
