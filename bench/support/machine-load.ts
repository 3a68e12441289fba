import fs from "node:fs";
import os from "node:os";
import { createRng } from "../../src/world/rng.ts";

/**
 * Milliseconds a fixed single-threaded workload takes (5 million draws of the world's RNG, best of 3).
 * Virtual machines slow down when their neighbours are busy: compare this number between runs before
 * comparing tick times.
 */
export function calibrationMs(): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const rng = createRng(round);
    const started = performance.now();
    let sum = 0;
    for (let i = 0; i < 5_000_000; i++) sum += rng.next();
    best = Math.min(best, performance.now() - started);
    if (sum < 0) throw new Error("unreachable: keeps the loop from being optimised away");
  }
  return Math.round(best * 10) / 10;
}

/** CPU time of the whole machine (Linux /proc/stat) and of this process, to tell how much other work competed with the run. */
export class MachineLoad {
  private readonly machineAtStart = machineBusyMs();
  private readonly ownAtStart = process.cpuUsage();
  private readonly wallAtStart = performance.now();

  /**
   * Share of the machine's CPU capacity (0-100 %) that other processes used during the run, or null
   * where /proc/stat does not exist. Above a few percent, tick spikes may not be the room's.
   */
  otherProcessesCpuPercent(): number | null {
    const machineNow = machineBusyMs();
    if (machineNow === null || this.machineAtStart === null) return null;
    const own = process.cpuUsage(this.ownAtStart);
    const ownMs = (own.user + own.system) / 1000;
    const capacityMs = (performance.now() - this.wallAtStart) * os.cpus().length;
    return Math.max(0, Math.round((1000 * (machineNow - this.machineAtStart - ownMs)) / capacityMs) / 10);
  }
}

function machineBusyMs(): number | null {
  let text: string;
  try {
    text = fs.readFileSync("/proc/stat", "utf8");
  } catch {
    return null;
  }
  const fields = text.split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  // /proc/stat counts in USER_HZ ticks, 100 per second on Linux.
  return (user + nice + system + irq + softirq + steal) * 10;
}
