import type { AgentSim } from "./entities.ts";
import type { WorldInput } from "./world-input.ts";

/** An input the agent engine hands the world for one of its agents. */
export type AgentInput = Extract<WorldInput, { agentId: string }>;

/**
 * Why an input from the agent engine no longer fits the agent, or null when it still applies. The engine
 * thinks off the tick, so the agent may have moved on by the time a result arrives; each input says what
 * it was decided against (world-input.ts) and this compares that with the agent as it is now.
 */
export function staleness(agent: AgentSim, input: AgentInput): string | null {
  switch (input.type) {
    case "agent_schedule":
    case "agent_talk_start":
      if (input.generation === null || input.generation === agent.generation) return null;
      return `stale ${input.type} for agent "${agent.id}": decided at generation ${input.generation}, the agent has moved on to ${agent.generation}`;
    case "agent_talk_end": {
      const current = agent.talkingWith;
      if (current?.kind === input.partner.kind && current.id === input.partner.id) return null;
      const now = current ? `it talks with ${current.kind} "${current.id}" now` : "that talk already ended";
      return `stale agent_talk_end for agent "${agent.id}": it is not talking with ${input.partner.kind} "${input.partner.id}" (${now})`;
    }
    case "agent_feeling":
      return null;
    default:
      return input satisfies never;
  }
}
