import type { ChildProcess } from "node:child_process";
import { startProcess } from "./child-process.ts";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  httpUrl: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Sends a signal and resolves with the exit code (null when killed by a signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

const LISTENING = /listening on ws:\/\/localhost:(\d+)/;

/** `npm start` as a real process (node --import tsx src/main.ts), on a free port; resolves once it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  // JSON logs whatever a developer's .env says: tests read fields of them.
  const server = await startProcess("src/main.ts", { PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", LOG_FORMAT: "json", GUEST_JOINS_PER_HOUR: "100000", ...env }, LISTENING);
  const port = Number(LISTENING.exec(server.output())![1]);
  return { child: server.child, port, httpUrl: `http://127.0.0.1:${port}`, output: server.output, stop: (signal) => server.stop(signal) };
}
