import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../support/free-port.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const READY_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  /** ws:// address for the load tool. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs a server entry (a TypeScript file, through tsx in the same node process) as a child process of
 * its own on a free loopback port, so that the CPU and memory its /metrics report are the server's
 * alone, and waits until `readyPath` answers 200.
 */
export async function startServerProcess(entry: string, env: Record<string, string>, readyPath: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  try {
    await waitUntilReady(child, `http://127.0.0.1:${port}${readyPath}`, () => stderr);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return { url: `ws://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}

async function waitUntilReady(child: ChildProcess, url: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server process exited with code ${child.exitCode} before it was ready:\n${stderr()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server process did not answer ${url} within ${READY_TIMEOUT_MS / 1000} s:\n${stderr()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
