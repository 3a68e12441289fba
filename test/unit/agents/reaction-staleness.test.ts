import { describe, expect, it } from "vitest";
import { RelationshipLedger } from "../../../agents/conversation/relationship-ledger.ts";
import type { AgentLiveView } from "../../../agents/engine/flow-context.ts";
import { newMind } from "../../../agents/engine/mind.ts";
import { considerReacting } from "../../../agents/engine/reaction-flow.ts";
import { Thinker } from "../../../agents/engine/thinker.ts";
import { JobScheduler } from "../../../agents/job-scheduler.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import type { WorldInput } from "../../../src/world/simulation.ts";
import { quietFlowContext } from "../../support/flow-context.ts";
import { profile } from "../conversation/social-world.ts";

/** A sociable Lina at her stall at 10:00, whose body is the live object the world would hand the engine. */
function linaAtHerStall() {
  const now = 10 * 3600;
  const body: AgentLiveView = { x: 0, y: 0, name: "Lina", activity: "tending the stall", location: "square", mood: "calm", energy: 80, talkingWith: null, generation: 4 };
  const emitted: WorldInput[] = [];
  const ctx = quietFlowContext(now, ["square"], {
    thinker: new Thinker(createOfflineProvider(), new JobScheduler({ concurrency: 2, tokensPerAgentPerGameHour: 1e9, gameHour: () => 10 }), () => undefined, () => now, "w"),
    agent: () => body,
    characterOf: () => undefined,
    relationships: new RelationshipLedger({ saveRelationship: async () => undefined, saveDrift: async () => undefined }),
    emit: (input) => void emitted.push(input),
  });
  const mind = newMind(profile("lina", { name: "Lina", personalityTraits: ["friendly"] }));
  return { ctx, mind, body, emitted };
}

const ann = { kind: "player" as const, id: "session-ann", name: "Ann", observation: "Ann is nearby, walking" };

describe("a reaction hands the world the generation the agent noticed at", () => {
  it("so the world can tell whether the agent has moved on since", async () => {
    const { ctx, mind, emitted } = linaAtHerStall();
    await considerReacting(ctx, mind, ann);
    expect(emitted).toMatchObject([{ type: "agent_schedule", agentId: "lina", generation: 4 }]);
    expect(emitted[0]!.type === "agent_schedule" && emitted[0]!.schedule.some((slot) => slot.activity === "greeting Ann")).toBe(true);
  });

  it("and drops it itself when the agent moves on while it thinks, though its body is the same live object", async () => {
    const { ctx, mind, body, emitted } = linaAtHerStall();
    const reacting = considerReacting(ctx, mind, ann);
    body.generation++;
    await reacting;
    expect(emitted).toEqual([]);
    expect(mind.reaction).toBeNull();
  });
});
