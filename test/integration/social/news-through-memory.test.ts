import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../db/client.ts";
import { loadContent } from "../../../src/content/load-content.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import { createOfflineEmbedder } from "../../../src/llm/offline-embedder.ts";
import { agent, makeWorldsDir, smallWorld } from "../../support/content-fixtures.ts";
import { engineOnDatabase, type EngineOnDatabase } from "../../support/engine-on-database.ts";
import { backend, migratedTestDatabase, type MigratedTestDatabase } from "../../support/database.ts";

const FAIR = "The spring fair opens on Sunday by the old mill.";

describe(`news travels through memory (offline mind, ${backend})`, () => {
  let migrated: MigratedTestDatabase;
  let db: Database;
  let world: Awaited<ReturnType<typeof makeWorldsDir>>;
  let live: EngineOnDatabase;
  const BO = "00000000-0000-4000-8000-00000000000b";

  /** The agent's answer to a player's line. */
  async function ask(agentId: string, text: string): Promise<string> {
    const before = live.chat.length;
    await live.engine.playerSaid({ characterId: "char-ann", sessionId: "session-ann", name: "Ann" }, agentId, text);
    await live.engine.settle();
    return live.chat.slice(before).find((line) => !line.partial && line.speakerId === agentId)!.text;
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
    await db.pool.query("INSERT INTO characters (id, world_id, character_name, is_guest) VALUES ($1, 'meadow', 'Bo', true)", [BO]);
    live = await engineOnDatabase(db, {
      llm: createOfflineProvider(),
      embedder,
      retrieval: { weights: { recency: 0.5, importance: 1, emotion: 0.5, relevance: 4 }, decay: 0.995 },
      characterOf: (sessionId) => (sessionId === "session-bo" ? BO : undefined),
    });
  }, 60_000);
  afterAll(async () => {
    await migrated?.dispose();
    await world?.cleanup();
  });

  it("a fact passes from the memory that carries it; the listener then knows it because its own memory does, and answers a question about it", async () => {
    await live.pass(1);
    await live.engine.seedFact("otto", "fact:fair", FAIR);
    expect(await carried("otto")).toEqual([{ canonical_id: "fact:fair", content: FAIR }]);
    expect(await carried("mara")).toEqual([]);

    live.engine.npcs.met("otto", "mara");
    await live.pass(5);
    // What Mara knows is a memory of hers, in Otto's words.
    expect(await carried("mara")).toEqual([{ canonical_id: "fact:fair", content: `Otto told me: ${FAIR}` }]);
    // Asked about it in other words, she answers from that memory.
    expect(await ask("mara", "When does the fair open?")).toContain(FAIR);
  }, 120_000);

  it("what an agent sees can become news: a newcomer in town is remembered as such and passed on", async () => {
    live.engine.handle([{ type: "observation", observerId: "otto", subjectKind: "player", subjectId: "session-bo", subjectName: "Bo", x: 13, y: 9, gameTime: live.now, text: "Bo is nearby, walking by" }]);
    await live.engine.settle();
    const arrival = "A newcomer called Bo has arrived in town.";
    expect(await carried("otto")).toContainEqual({ canonical_id: `fact:arrival:${BO}`, content: arrival });
    // A day later, Otto meets Mara again and tells her.
    live.now += 24 * 3600;
    live.engine.npcs.met("otto", "mara");
    await live.pass(5);
    expect(await carried("mara")).toContainEqual({ canonical_id: `fact:arrival:${BO}`, content: `Otto told me: ${arrival}` });
  }, 120_000);
});
