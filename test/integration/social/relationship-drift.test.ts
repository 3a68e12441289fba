import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RelationshipLedger } from "../../../agents/conversation/relationship-ledger.ts";
import { afterConversation, DRIFT_PER_DAY } from "../../../agents/conversation/relationship-rules.ts";
import { saveDrift, saveRelationship, worldRelationships } from "../../../db/repositories/relationship-repository.ts";
import { backend } from "../../support/database.ts";
import { profile, World } from "../../unit/conversation/social-world.ts";
import { openMemoryDatabase, type MemoryTestDatabase } from "../memory/memory-fixtures.ts";

const DAY = 86_400;

describe(`relationships over days (${backend})`, () => {
  let m: MemoryTestDatabase;

  beforeAll(async () => {
    m = await openMemoryDatabase(["lina", "otto", "mara", "gus"]);
    // As the designer wrote them: Lina and Otto old friends, Mara and Gus rivals.
    await m.db.pool.query(
      `INSERT INTO agent_relationships (agent_id, other_agent_id, relationship_type, affection_score, trust_level, description, baseline_type, baseline_affection, baseline_trust)
       VALUES ('lina', 'otto', 'friend', 40, 70, 'Otto and I go way back.', 'friend', 40, 70),
              ('otto', 'lina', 'friend', 40, 70, 'Lina and I go way back.', 'friend', 40, 70),
              ('mara', 'gus', 'rival', -30, 40, 'Gus undercuts my prices.', 'rival', -30, 40),
              ('gus', 'mara', 'rival', -30, 40, 'Mara thinks she owns the market.', 'rival', -30, 40)`,
    );
  });
  afterAll(async () => {
    await m?.close();
  });

  const ledger = async () => new RelationshipLedger({ saveRelationship: (key, r, t) => saveRelationship(m.db.pool, key, r, t), saveDrift: (d) => saveDrift(m.db.pool, d) }, await worldRelationships(m.db.pool, "w"));
  const stored = async (agentId: string, otherId: string) => (await worldRelationships(m.db.pool, "w")).find((entry) => entry.agentId === agentId && entry.other.id === otherId)!.relationship;

  it("without contact, feelings drift back toward the designer's values a step a night, and the type changes only past thresholds", async () => {
    const feelings = await ledger();
    const key = { agentId: "mara", other: { type: "agent" as const, id: "gus" } };
    // Three warm conversations in a day lift the rivals' feelings past the friendship threshold... almost: the type holds until 40.
    let now = DAY + 10 * 3600;
    for (let talk = 0; talk < 3; talk++) await feelings.save(key, afterConversation(feelings.find(key), { affectionChange: 10, trustChange: 5 }, "We laughed about the old days.", now), now);
    let mara = await stored("mara", "gus");
    expect(mara).toMatchObject({ affection: 0, type: "rival", description: "Gus undercuts my prices.", summary: "We laughed about the old days." });
    for (let talk = 0; talk < 4; talk++) await feelings.save(key, afterConversation(feelings.find(key), { affectionChange: 10, trustChange: 5 }, "Gus helped me mend my stall.", now), now);
    mara = await stored("mara", "gus");
    expect(mara.affection).toBeGreaterThanOrEqual(40);
    expect(mara.type).toBe("friend");

    // A night after the last talk nothing drifts; from the next night on, a step toward the baseline each night.
    expect(await feelings.drift(now + 3600)).toBe(0);
    const warmest = mara.affection;
    now += DAY;
    await feelings.drift(now);
    mara = await stored("mara", "gus");
    expect(mara.affection).toBe(warmest - DRIFT_PER_DAY);
    // Drifting below 40 keeps the friendship (hysteresis): it fades only below 25.
    while ((await stored("mara", "gus")).affection >= 25) {
      now += DAY;
      await feelings.drift(now);
      const current = await stored("mara", "gus");
      expect(current.type).toBe(current.affection >= 25 ? "friend" : "rival");
    }
    // Designer friends nobody talked to stay exactly as written.
    expect(await stored("lina", "otto")).toMatchObject({ affection: 40, trust: 70, type: "friend", description: "Otto and I go way back.", summary: null });
  });

  it("a week of neutral chatter between agents who meet every hour leaves no pair near 100", async () => {
    // Lina and Otto start as the designer's old friends (40), Mara a stranger to both.
    const feelings = await ledger();
    const lina = profile("lina", { name: "Lina", personalityTraits: ["friendly"], relationships: { otto: "friend" } });
    const otto = profile("otto", { name: "Otto", personalityTraits: ["chatty"], relationships: { lina: "friend" } });
    const mara = profile("mara", { name: "Mara", personalityTraits: ["outgoing"] });
    const world = new World({ npcChattiness: 100, npcPairCooldownMinutes: 60, npcAgentCooldownMinutes: 10, npcTurnGapSeconds: 20 }, [lina, otto, mara], { relationships: feelings });
    world.now = 0;
    const pairs = [["lina", "otto"], ["otto", "mara"], ["mara", "lina"]] as const;
    for (let day = 0; day < 7; day++) {
      for (let hour = 8; hour < 20; hour++) {
        world.now = day * DAY + hour * 3600;
        for (let k = 0; k < pairs.length; k++) {
          const [a, b] = pairs[(hour + k) % pairs.length]!;
          world.npcs.met(a, b);
        }
        await world.pass(15 * 60, 20);
      }
      await feelings.drift((day + 1) * DAY);
    }
    const trio = ["lina", "otto", "mara"];
    const all = (await worldRelationships(m.db.pool, "w")).filter((entry) => trio.includes(entry.agentId) && trio.includes(entry.other.id));
    expect(all.length).toBe(6);
    const talks = all.map((entry) => entry.relationship.interactions);
    expect(Math.min(...talks)).toBeGreaterThanOrEqual(14);
    for (const entry of all) expect(Math.abs(entry.relationship.affection), `${entry.agentId} toward ${entry.other.id}`).toBeLessThan(60);
  });
});
