import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RelationshipLedger } from "../../../agents/conversation/relationship-ledger.ts";
import { newMind } from "../../../agents/engine/mind.ts";
import { considerReacting, isSalient } from "../../../agents/engine/reaction-flow.ts";
import { Thinker } from "../../../agents/engine/thinker.ts";
import { JobScheduler } from "../../../agents/job-scheduler.ts";
import { saveDrift, saveRelationship, STRANGER, worldRelationships } from "../../../db/repositories/relationship-repository.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import type { LlmProvider } from "../../../src/llm/task.ts";
import { backend } from "../../support/database.ts";
import { quietFlowContext } from "../../support/flow-context.ts";
import { profile, World } from "../../unit/conversation/social-world.ts";
import { openMemoryDatabase, type MemoryTestDatabase } from "../memory/memory-fixtures.ts";

/** The offline mind, keeping every prompt a model would have been sent. */
function promptRecorder(): { llm: LlmProvider; prompts: string[] } {
  const offline = createOfflineProvider();
  const prompts: string[] = [];
  const record = (messages: { content: string }[]) => prompts.push(messages.map((message) => message.content).join("\n"));
  return {
    prompts,
    llm: {
      ...offline,
      run: (task, context, options) => (record(task.prompt(context)), offline.run(task, context, options)),
      stream: (task, context, onChunk, options) => (record(task.prompt(context)), offline.stream(task, context, onChunk, options)),
    },
  };
}

describe(`live feelings steer whom agents talk to and react to, and are in every prompt about the other (${backend})`, () => {
  let m: MemoryTestDatabase;
  let ann: string;
  const ledger = async () => new RelationshipLedger({ saveRelationship: (key, r, t) => saveRelationship(m.db.pool, key, r, t), saveDrift: (d) => saveDrift(m.db.pool, d) }, await worldRelationships(m.db.pool, "w"));
  const feel = (agentId: string, other: { type: "agent" | "player"; id: string }, affection: number) =>
    saveRelationship(m.db.pool, { agentId, other }, { ...STRANGER, type: affection <= -40 ? "rival" : affection >= 40 ? "friend" : "acquaintance", affection, interactions: 3 }, 3600);

  beforeAll(async () => {
    m = await openMemoryDatabase(["lina", "otto", "mara", "gus"]);
    const { rows } = await m.db.pool.query<{ id: string }>("INSERT INTO characters (world_id, character_name, is_guest) VALUES ('w', 'Ann', true) RETURNING id");
    ann = rows[0]!.id;
    // None of these bonds is the designer's: they grew in conversation.
    await feel("lina", { type: "agent", id: "otto" }, 60);
    await feel("lina", { type: "agent", id: "mara" }, -50);
    await feel("lina", { type: "player", id: ann }, -30);
  });
  afterAll(async () => {
    await m?.close();
  });

  it("an agent starts talking far more often with someone it grew fond of than with someone it came to dislike", async () => {
    const world = new World({ npcChattiness: 1, npcPairCooldownMinutes: 0, npcAgentCooldownMinutes: 0, npcTurnCap: 2, npcTurnGapSeconds: 5 }, ["lina", "otto", "mara"].map((id) => profile(id)), { relationships: await ledger() });
    const started = { otto: 0, mara: 0 };
    for (let meeting = 0; meeting < 60; meeting++) {
      for (const other of ["otto", "mara"] as const) {
        world.now = 9 * 3600 + meeting * 600 + (other === "mara" ? 300 : 0);
        const before = world.npcs.counts.started;
        world.npcs.met("lina", other);
        started[other] += world.npcs.counts.started - before;
        await world.pass(60);
      }
    }
    expect(started.otto).toBeGreaterThanOrEqual(20);
    expect(started.mara).toBeLessThanOrEqual(4);
  });

  it("an agent reacts to another it grew fond of, not to a neutral stranger; the reaction prompt says how it feels now", async () => {
    const { llm, prompts } = promptRecorder();
    const now = 10 * 3600;
    const ctx = quietFlowContext(now, ["square"], {
      thinker: new Thinker(llm, new JobScheduler({ concurrency: 2, tokensPerAgentPerGameHour: 1e9, gameHour: () => 10 }), () => undefined, () => now, "w"),
      agent: () => ({ x: 0, y: 0, name: "Lina", activity: "tending the stall", location: "square", mood: "calm", energy: 80, talkingWith: null, generation: 1 }),
      characterOf: (sessionId) => (sessionId === "session-ann" ? ann : undefined),
      relationships: await ledger(),
      emit: () => {},
    });
    const lina = newMind(profile("lina", { name: "Lina" }));
    const otto = { kind: "agent" as const, id: "otto", name: "Otto", observation: "Otto is nearby, selling bread" };
    expect(isSalient(ctx, lina, otto)).toBe(true);
    expect(isSalient(ctx, lina, { kind: "agent", id: "gus", name: "Gus", observation: "Gus is nearby, fishing" })).toBe(false);
    await considerReacting(ctx, lina, otto);
    expect(prompts.at(-1)).toMatch(/Otto is your friend; you are fond of them \(affection 60/);
    await considerReacting(ctx, newMind(profile("lina", { name: "Lina" })), { kind: "player", id: "session-ann", name: "Ann", observation: "Ann is nearby, walking" });
    expect(prompts.at(-1)).toMatch(/you are wary of them \(affection -30/);
  });

  it("the reply to a player and an agent's line to another carry the live feelings", async () => {
    const { llm, prompts } = promptRecorder();
    const world = new World({ npcChattiness: 100, npcTurnCap: 2, npcTurnGapSeconds: 5 }, [profile("lina", { name: "Lina" }), profile("otto", { name: "Otto" })], { llm, relationships: await ledger() });
    await world.players.said({ characterId: ann, sessionId: "session-ann", name: "Ann" }, "lina", "Hello Lina!");
    await world.pass(10);
    expect(prompts.find((prompt) => prompt.includes("<player_line>"))).toMatch(/Ann is your acquaintance; you are wary of them \(affection -30/);
    world.npcs.met("lina", "otto");
    await world.pass(60);
    expect(prompts.find((prompt) => prompt.includes("You are chatting with Otto"))).toMatch(/Otto is your friend; you are fond of them \(affection 60/);
  });
});
