import { describe, expect, it } from "vitest";
import { readMigrationFiles } from "../../../db/migrate.ts";
import { MEMORY_TYPES } from "../../../db/repositories/memory-records.ts";

const MEMORY_TYPE_CHECK = /CHECK\s*\(\s*memory_type\s+IN\s*\(([^)]*)\)\s*\)/gi;

/** The memory types the newest migration that constrains agent_memories.memory_type allows, in file order. */
async function memoryTypesInEffect(): Promise<{ migration: string; types: string[] }> {
  let inEffect: { migration: string; types: string[] } | undefined;
  for (const file of await readMigrationFiles()) {
    for (const match of file.sql.matchAll(MEMORY_TYPE_CHECK)) {
      inEffect = { migration: file.name, types: [...match[1]!.matchAll(/'([^']*)'/g)].map((quoted) => quoted[1]!) };
    }
  }
  if (!inEffect) throw new Error("no migration has a CHECK (memory_type IN (...)) constraint");
  return inEffect;
}

describe("the memory types of the code and of the schema", () => {
  it("every memory type the code declares is allowed by the migrations' CHECK constraint", async () => {
    const { migration, types } = await memoryTypesInEffect();
    expect(MEMORY_TYPES.filter((type) => !types.includes(type)), `missing from the CHECK in ${migration}`).toEqual([]);
  });

  it("every memory type the CHECK constraint allows is declared in MEMORY_TYPES", async () => {
    const { migration, types } = await memoryTypesInEffect();
    expect(types.filter((type) => !(MEMORY_TYPES as readonly string[]).includes(type)), `allowed by ${migration} but not declared`).toEqual([]);
    expect(types).toHaveLength(new Set(types).size);
  });
});
