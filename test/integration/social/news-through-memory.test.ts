import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatLine } from "../../../agents/conversation/social-context.ts";
import { createWorldEngine } from "../../../agents/create-world-engine.ts";
import type { AgentEngine } from "../../../agents/engine/agent-engine.ts";
import type { AgentLiveView } from "../../../agents/engine/flow-context.ts";
import type { Database } from "../../../db/client.ts";
import { loadContent } from "../../../src/content/load-content.ts";
import { ConversationSettingsSchema, DEFAULT_CONTENT_POLICY } from "../../../src/content/social-settings.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import { createOfflineEmbedder } from "../../../src/llm/offline-embedder.ts";
import { agent, makeWorldsDir, smallWorld } from "../../support/content-fixtures.ts";
import { backend, migratedTestDatabase, type MigratedTestDatabase } from "../../support/database.ts";

const FAIR = "The spring fair opens on Sunday by the old mill.";

describe(`news travels through memory (offline mind, ${backend})`, () => {
  let migrated: MigratedTestDatabase;
  let db: Database;
  let engine: AgentEngine;
  let world: Awaited<ReturnType<typeof makeWorldsDir>>;
  let now = 9 * 3600;
  const bodies = new Map<string, AgentLiveView>();
  const chat: ChatLine[] = [];
  const players = new Map([["session-bo", "char-bo"]]);

  async function pass(minutes: number): Promise<void> {
    for (let minute = 0; minute < minutes; minute++) {
      now += 60;
      engine.handle([]);
      await engine.settle();
    }
  }

  /** The agent's answer to a player's line. */
  async function ask(agentId: string, text: string): Promise<string> {
    const before = chat.length;
    await engine.playerSaid({ characterId: "char-ann", sessionId: "session-ann", name: "Ann" }, agentId, text);
    await engine.settle();
    return chat.slice(before).find((line) => !line.partial && line.speakerId === agentId)!.text;
  }

  /** What the agent's memories carry: fact ids with the content of the memory carrying each. */
  const carried = async (agentId: string) =>
    (
      await db.pool.query<{ canonical_id: string; content: string }>(
        "SELECT e.canonical_id, m.content FROM entity_mentions e JOIN agent_memories m ON m.id = e.memory_id WHERE e.entity_type = 'fact' AND e.hearer_agent_id = $1 ORDER BY e.id",
        [agentId],
      )
    ).rows;

  beforeAll(async () => {
    migrated = await migratedTestDatabase();
    db = migrated.db;
    const friends = (other: string) => ({ [other]: { relationship_type: "friend", affection_score: 50, trust_level: 70 } });
    world = await makeWorldsDir(smallWorld, {
      "mara.json": agent("mara", { relationships: friends("otto"), schedule: { "0:00": { activity: "sweep the square", location: "square" } } }),
      "otto.json": agent("otto", { relationships: friends("mara"), schedule: { "0:00": { activity: "sell bread", location: "square" } } }),
    });
    const embedder = createOfflineEmbedder();
    await loadContent(db.pool, { paths: [world.agentsDir], worldsDir: world.worldsDir, defaultWorldId: "meadow", actor: "test", embedder });
    for (const [index, id] of ["mara", "otto"].entries()) {
      bodies.set(id, { x: 12 + index, y: 8, name: id[0]!.toUpperCase() + id.slice(1), activity: "work", location: "square", mood: "calm", energy: 80, talkingWith: null, generation: 0 });
    }
    await db.pool.query("INSERT INTO characters (id, world_id, character_name, is_guest) VALUES ('00000000-0000-4000-8000-00000000000b', 'meadow', 'Bo', true)");
    players.set("session-bo", "00000000-0000-4000-8000-00000000000b");
    ({ engine } = await createWorldEngine({
      pool: db.pool,
      worldId: "meadow",
      locations: ["bakery", "square"],
      retrieval: { weights: { recency: 0.5, importance: 1, emotion: 0.5, relevance: 4 }, decay: 0.995 },
      llm: createOfflineProvider(),
      embedder,
      concurrency: 2,
      tokensPerAgentPerGameHour: 1_000_000,
      replyBudget: { perRealMinute: 100, perGameHour: 100 },
      gameTime: () => now,
      agent: (id) => bodies.get(id),
      record: () => {},
      log: pino({ level: "silent" }),
      conversations: ConversationSettingsSchema.parse({ npcChattiness: 10, npcTurnCap: 4, npcTurnGapSeconds: 10 }),
      contentPolicy: DEFAULT_CONTENT_POLICY,
      player: () => ({ x: 13, y: 9 }),
      characterOf: (sessionId) => players.get(sessionId),
      chat: (line) => void chat.push(line),
    }));
  }, 60_000);
  afterAll(async () => {
    await migrated?.dispose();
    await world?.cleanup();
  });

  it("a fact passes from the memory that carries it; the listener then knows it because its own memory does, and answers a question about it", async () => {
    await pass(1);
    await engine.seedFact("otto", "fact:fair", FAIR);
    expect(await carried("otto")).toEqual([{ canonical_id: "fact:fair", content: FAIR }]);
    expect(await carried("mara")).toEqual([]);

    engine.npcs.met("otto", "mara");
    await pass(5);
    // What Mara knows is a memory of hers, in Otto's words.
    expect(await carried("mara")).toEqual([{ canonical_id: "fact:fair", content: `Otto told me: ${FAIR}` }]);
    // Asked about it in other words, she answers from that memory.
    expect(await ask("mara", "When does the fair open?")).toContain(FAIR);
  }, 120_000);

  it("what an agent sees can become news: a newcomer in town is remembered as such and passed on", async () => {
    engine.handle([{ type: "observation", observerId: "otto", subjectKind: "player", subjectId: "session-bo", subjectName: "Bo", x: 13, y: 9, gameTime: now, text: "Bo is nearby, walking by" }]);
    await engine.settle();
    const arrival = "A newcomer called Bo has arrived in town.";
    expect(await carried("otto")).toContainEqual({ canonical_id: "fact:arrival:00000000-0000-4000-8000-00000000000b", content: arrival });
    // A day later, Otto meets Mara again and tells her.
    now += 24 * 3600;
    engine.npcs.met("otto", "mara");
    await pass(5);
    expect(await carried("mara")).toContainEqual({ canonical_id: "fact:arrival:00000000-0000-4000-8000-00000000000b", content: `Otto told me: ${arrival}` });
  }, 120_000);
});
