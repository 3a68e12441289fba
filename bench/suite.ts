/** The benchmarks `npm run bench` runs, with their sizes for each mode. Each can also run alone (its npm script). */

export type SuiteMode = "quick" | "short";

export interface SuiteEntry {
  name: string;
  /** The script under bench/, also `npm run bench:<name>`. */
  entry: string;
  args: Record<SuiteMode, string[]>;
}

export const SUITE: readonly SuiteEntry[] = [
  {
    name: "tick",
    entry: "bench/tick.ts",
    args: { quick: ["--agents", "50", "--players", "100"], short: ["--agents", "5", "--players", "10", "--ticks", "40", "--warmup", "5"] },
  },
  {
    name: "retrieval",
    entry: "bench/retrieval.ts",
    args: { quick: ["--agents", "4", "--memories-per-agent", "500", "--queries", "100"], short: ["--agents", "2", "--memories-per-agent", "50", "--queries", "10", "--warmup", "2"] },
  },
  {
    name: "memory",
    entry: "bench/memory.ts",
    // Short mode stays offline (CI): the hashing embedder only, even where an OpenAI key is set.
    args: { quick: [], short: ["--short", "--embedder", "local-hash-1024"] },
  },
  {
    name: "reply",
    entry: "bench/reply.ts",
    args: { quick: ["--clients", "10", "--agents", "4", "--lines", "5", "--pause-ms", "500"], short: ["--clients", "2", "--agents", "2", "--lines", "2", "--pause-ms", "50"] },
  },
  {
    name: "load",
    entry: "bench/load.ts",
    args: { quick: ["--clients", "100", "--agents", "50", "--duration", "20", "--ramp", "5"], short: ["--clients", "4", "--agents", "3", "--duration", "2", "--ramp", "0.5"] },
  },
  {
    name: "boot",
    entry: "bench/boot.ts",
    args: { quick: [], short: ["--boots", "1", "--settle-ms", "0"] },
  },
];
