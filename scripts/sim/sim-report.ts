import type pg from "pg";
import { worldRelationships } from "../../db/repositories/relationship-repository.ts";
import { cognitionCounts, conversationsByKind, countPolicyViolations, factFirstHeard, llmCallsByPurpose } from "../../db/repositories/world-activity-repository.ts";

// Affection (-100..100) from which one agent counts as tied to another in the relationship network's density.
export const TIE_AFFECTION = 20;

export interface SimRun {
  worldId: string;
  agents: number;
  agentIds: string[];
  hours: number;
  provider: string;
  label: string;
  tickMs: number[];
  wallSeconds: number;
  players: Promise<{ lines: number; answered: number }>;
  engineErrors: number;
  startGameTime: number;
  fact: { id: string; text: string; agent: string };
  relationshipsBefore: Map<string, number>;
  relationshipsAfter: Map<string, number>;
}

/** Affection of every agent-agent and agent-player relationship of a world, keyed by the pair. */
export async function relationshipSnapshot(pool: pg.Pool, worldId: string): Promise<Map<string, number>> {
  return new Map((await worldRelationships(pool, worldId)).map((entry) => [`${entry.agentId}>${entry.other.id}`, entry.relationship.affection]));
}

/** What the run cost and produced, read back from the database the engine wrote to. */
export async function simReport(pool: pg.Pool, run: SimRun) {
  const agentHours = run.agents * run.hours;
  const calls = await llmCallsByPurpose(pool, run.worldId);
  const days = Math.max(1, Math.ceil(run.hours / 24));
  const counts = await cognitionCounts(pool, run.worldId, days);
  const totals = calls.reduce(
    (sum, row) => ({ calls: sum.calls + row.calls, tokensIn: sum.tokensIn + row.tokensIn, tokensOut: sum.tokensOut + row.tokensOut, cost: sum.cost + row.costUsd, fallbacks: sum.fallbacks + row.fallbacks }),
    { calls: 0, tokensIn: 0, tokensOut: 0, cost: 0, fallbacks: 0 },
  );
  const sorted = [...run.tickMs].sort((a, b) => a - b);
  const percentile = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0, 3);
  return {
    world: run.worldId,
    agents: run.agents,
    gameHours: run.hours,
    provider: run.provider,
    providerLabel: run.label,
    llm: {
      calls: totals.calls,
      callsPerAgentHour: round(totals.calls / agentHours, 3),
      tokensIn: totals.tokensIn,
      tokensOut: totals.tokensOut,
      tokensPerAgentHour: round((totals.tokensIn + totals.tokensOut) / agentHours, 1),
      costUsd: round(totals.cost, 4),
      costUsdPerAgentHour: round(totals.cost / agentHours, 6),
      fallbacks: totals.fallbacks,
      byPurpose: Object.fromEntries(calls.map((row) => [row.purpose, { calls: row.calls, perAgentHour: round(row.calls / agentHours, 3), tokensIn: row.tokensIn, tokensOut: row.tokensOut }])),
    },
    memories: { created: counts.runtimeMemories, perAgent: round(counts.runtimeMemories / run.agents, 1) },
    reflections: { total: counts.reflections, withEvidence: counts.reflectionsWithEvidence, agentsReflecting: counts.agentsReflecting, perAgentPerDay: round(counts.reflections / run.agents / days, 2) },
    consolidatedSummaries: counts.summaries,
    plans: { total: counts.plans, agentsPlanningEveryDay: counts.agentsPlanningEveryDay },
    nightlyReviews: counts.nightlyReviews,
    players: await run.players,
    tickMs: { p50: percentile(50), p99: percentile(99), max: round(sorted[sorted.length - 1] ?? 0, 3) },
    conversations: await conversationsReport(pool, run.worldId),
    relationships: {
      ...relationshipChanges(run.relationshipsBefore, run.relationshipsAfter),
      density: { tieAffection: TIE_AFFECTION, directed: true, start: density(run.relationshipsBefore, run.agentIds), end: density(run.relationshipsAfter, run.agentIds) },
    },
    diffusion: await diffusionReport(pool, run),
    engineErrors: run.engineErrors,
    wallSeconds: round(run.wallSeconds, 1),
    target: { maxCallsPerAgentHour: 6, met: totals.calls / agentHours <= 6 },
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function conversationsReport(pool: pg.Pool, worldId: string) {
  const rows = await conversationsByKind(pool, worldId);
  const of = (kind: string) => rows.find((row) => row.kind === kind) ?? { conversations: 0, turns: 0, closed: 0 };
  const npc = of("agent_agent");
  const players = of("player_agent");
  const violations = await countPolicyViolations(pool, worldId);
  return {
    total: npc.conversations + players.conversations,
    turns: npc.turns + players.turns,
    betweenAgents: { conversations: npc.conversations, turns: npc.turns, meanTurns: round(npc.turns / Math.max(1, npc.conversations), 2) },
    withPlayers: { conversations: players.conversations, turns: players.turns },
    policyViolations: violations,
  };
}

function relationshipChanges(before: Map<string, number>, after: Map<string, number>) {
  const changed = [...after].map(([pair, affection]) => affection - (before.get(pair) ?? 0)).filter((delta) => delta !== 0);
  return {
    changed: changed.length,
    created: [...after.keys()].filter((pair) => !before.has(pair)).length,
    meanAbsAffectionChange: round(changed.reduce((sum, delta) => sum + Math.abs(delta), 0) / Math.max(1, changed.length), 2),
    maxAbsAffectionChange: changed.reduce((max, delta) => Math.max(max, Math.abs(delta)), 0),
  };
}

/**
 * Relationship-network density (Park et al.: 0.167 -> 0.74): ordered pairs of agents where the first feels
 * affection >= TIE_AFFECTION toward the second, over all n(n-1) ordered pairs.
 */
function density(affection: Map<string, number>, agentIds: readonly string[]): number {
  const agents = new Set(agentIds);
  const ties = [...affection].filter(([pair, value]) => {
    const [from, to] = pair.split(">");
    return value >= TIE_AFFECTION && agents.has(from!) && agents.has(to!) && from !== to;
  }).length;
  return round(ties / Math.max(1, agents.size * (agents.size - 1)), 3);
}

/**
 * Where the seeded fact went: hour by hour, the share of agents it was told to in a conversation
 * (entity_mentions). Whether they know it is for the interview at the end to say (scripts/sim.ts).
 */
async function diffusionReport(pool: pg.Pool, run: SimRun) {
  const learned = await factFirstHeard(pool, run.worldId, run.fact.id);
  const share = (until: number) => round(learned.filter((time) => time <= until).length / run.agents, 3);
  const hours = Math.ceil(run.hours);
  return {
    fact: run.fact.text,
    seededAgent: run.fact.agent,
    agentsTold: learned.length,
    toldShare: share(Infinity),
    byGameHour: Array.from({ length: hours }, (_, hour) => ({ hour: hour + 1, share: share(run.startGameTime + (hour + 1) * 3600) })),
  };
}
