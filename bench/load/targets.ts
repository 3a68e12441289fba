import type { LoadSummary } from "../loadtest/summary.ts";

/** Issue 7's targets for one 2-core machine running server and load generator together. */
export const TARGETS = {
  clients: 500,
  agents: 50,
  moveHz: 10,
  rttP99Ms: 50,
  failedJoins: 0,
  serverCpuCores: 1,
  serverRssMb: 600,
  cpuPerClientRatio: 2,
} as const;

export interface TargetCheck {
  /** True when the run had the targets' size (500 clients at 10 Hz, 50 agents); otherwise the checks are indicative only. */
  atTargetScale: boolean;
  rttP99Ms: { value: number; below: number; met: boolean };
  failedJoins: { value: number; max: number; met: boolean };
  serverCpuCores: { value: number | null; below: number; met: boolean };
  serverRssMb: { value: number | null; below: number; met: boolean };
  cpuPerClientRatio: { value: number | null; max: number; met: boolean };
  met: boolean;
}

export function cpuMsPerClientSecond(summary: LoadSummary): number | null {
  return "unavailable" in summary.server ? null : summary.server.cpuMsPerClientSecond;
}

export function checkTargets(world: LoadSummary, baseline: LoadSummary | undefined, agents: number): TargetCheck {
  const server = "unavailable" in world.server ? undefined : world.server;
  const worldCost = cpuMsPerClientSecond(world);
  const baselineCost = baseline ? cpuMsPerClientSecond(baseline) : null;
  const ratio = worldCost !== null && baselineCost ? Math.round((worldCost / baselineCost) * 100) / 100 : null;
  const checks = {
    // After the ramp: the load the target describes (500 clients moving), not 500 characters being created.
    rttP99Ms: { value: world.steadyRttMs.p99, below: TARGETS.rttP99Ms, met: world.steadyRttMs.samples > 0 && world.steadyRttMs.p99 < TARGETS.rttP99Ms },
    failedJoins: { value: world.joins.failed, max: TARGETS.failedJoins, met: world.joins.failed <= TARGETS.failedJoins && world.joins.ok > 0 },
    serverCpuCores: { value: server?.cpuCores.mean ?? null, below: TARGETS.serverCpuCores, met: server !== undefined && server.cpuCores.mean < TARGETS.serverCpuCores },
    serverRssMb: { value: server?.rssMb.max ?? null, below: TARGETS.serverRssMb, met: server !== undefined && server.rssMb.max < TARGETS.serverRssMb },
    cpuPerClientRatio: { value: ratio, max: TARGETS.cpuPerClientRatio, met: ratio !== null && ratio <= TARGETS.cpuPerClientRatio },
  };
  return {
    atTargetScale: world.clients >= TARGETS.clients && agents >= TARGETS.agents && world.moveHz >= TARGETS.moveHz,
    ...checks,
    met: Object.values(checks).every((check) => check.met),
  };
}
