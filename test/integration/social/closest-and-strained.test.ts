import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closestAndStrained, saveRelationship, STRANGER } from "../../../db/repositories/relationship-repository.ts";
import { backend } from "../../support/database.ts";
import { openMemoryDatabase, type MemoryTestDatabase } from "../memory/memory-fixtures.ts";

describe(`the relationships a day plan keeps in mind (${backend})`, () => {
  let m: MemoryTestDatabase;

  beforeAll(async () => {
    m = await openMemoryDatabase(["lina", "otto", "mara", "gus", "ivy"]);
  });
  afterAll(async () => {
    await m?.close();
  });

  it("are the closest and the most strained, agents and players alike, by name, up to the limit of each", async () => {
    const pool = m.db.pool;
    const { rows } = await pool.query<{ id: string }>("INSERT INTO characters (world_id, character_name, is_guest) VALUES ('w', 'Ann', true), ('w', 'Bob', true) RETURNING id");
    const [ann, bob] = rows.map((row) => row.id);
    const feel = (other: { type: "agent" | "player"; id: string }, affection: number) => saveRelationship(pool, { agentId: "lina", other }, { ...STRANGER, type: affection < 0 ? "rival" : "friend", affection }, 100);
    await feel({ type: "agent", id: "otto" }, 40);
    await feel({ type: "agent", id: "mara" }, 75);
    await feel({ type: "agent", id: "gus" }, -60);
    await feel({ type: "agent", id: "ivy" }, 0);
    await feel({ type: "player", id: ann! }, 55);
    await feel({ type: "player", id: bob! }, -10);
    await saveRelationship(pool, { agentId: "otto", other: { type: "agent", id: "gus" } }, { ...STRANGER, affection: 90 }, 100);

    const ties = await closestAndStrained(pool, "lina", 2);
    expect(ties.map((tie) => [tie.name, tie.relationship.affection])).toEqual([
      ["mara", 75],
      ["Ann", 55],
      ["gus", -60],
      ["Bob", -10],
    ]);
    expect(ties[2]!.relationship).toMatchObject({ type: "rival", trust: 50 });
    expect(await closestAndStrained(pool, "ivy", 2)).toEqual([]);
  });
});
