import { DEFAULT_ENGINE_SETTINGS, type FlowContext } from "../../agents/engine/flow-context.ts";

/**
 * A flow's context at a fixed game time in the locations given, with no memories, nothing stored and
 * nothing logged: a test gives the thinker, the agent's body, the feelings and what it checks.
 */
export function quietFlowContext(now: number, locations: readonly string[], given: Pick<FlowContext, "thinker" | "agent" | "characterOf" | "relationships" | "emit">): FlowContext {
  return {
    memory: { write: async () => [], retrieve: async () => [], recent: async () => [], trivialBefore: async () => [], rate: async () => undefined, consolidate: async () => undefined },
    store: { closestAndStrained: async () => [], saveDayPlan: async () => {}, saveReflection: async () => {}, saveMetacognition: async () => {} },
    locations,
    settings: DEFAULT_ENGINE_SETTINGS,
    log: { warn: () => {}, debug: () => {} },
    gameTime: () => now,
    ...given,
  };
}
