import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";

export interface RunningProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `tsx <script>` with `env` and resolves once its output matches `ready`; rejects if it exits first. */
export function startProcess(script: string, env: Record<string, string>, ready: RegExp, timeoutMs = 45_000): Promise<RunningProcess> {
  return startNodeProcess(["--import", "tsx", script], env, ready, { timeoutMs });
}

/**
 * Starts this node with `args` (a script and its options) in `cwd`, as `startProcess` does; with `onlyEnv`
 * the process sees `env` alone, as in a container, instead of this process's environment plus `env`.
 */
export async function startNodeProcess(args: string[], env: Record<string, string>, ready: RegExp, options: { cwd?: string; timeoutMs?: number; onlyEnv?: boolean } = {}): Promise<RunningProcess> {
  const { cwd, timeoutMs = 45_000, onlyEnv = false } = options;
  const script = args.join(" ");
  const child = spawn(process.execPath, args, { cwd, env: onlyEnv ? env : { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  const exited = once(child, "exit").then(([code]) => code as number | null);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (!ready.test(output)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? child.signalCode}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      // A process that does not exit is a failure to report, not a test that hangs until its timeout.
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${script} did not exit within 60 s of ${signal}:\n${output.slice(-4000)}`)), 60_000).unref());
      return Promise.race([exited, timeout]);
    },
  };
}
