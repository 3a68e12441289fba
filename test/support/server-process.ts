import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  httpUrl: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Sends a signal and resolves with the exit code (null when killed by a signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** `npm start` as a real process (node --import tsx src/main.ts), on a free port; resolves once it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      const match = /listening on ws:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`server exited early with ${code}:\n${output}`)));
  });
  return {
    child,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const exited = once(child, "exit").then(([code]) => code as number | null);
      // A server that does not exit is a failure to report, not a test that hangs until its timeout.
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`server did not exit within 60 s of ${signal}:\n${output.slice(-4000)}`)), 60_000).unref());
      return Promise.race([exited, timeout]);
    },
  };
}
