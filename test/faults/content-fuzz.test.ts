import fs from "node:fs/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { ContentError } from "../../src/content/content-issue.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { agent, makeWorldsDir, smallWorld } from "../support/content-fixtures.ts";
import { migratedTestDatabase, type MigratedTestDatabase } from "../support/database.ts";
import { record } from "./support/ledger.ts";

const RUNS = 60;

/** A valid file with one field replaced, removed or garbled: what a designer's typo looks like. */
function mutated(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: fc.jsonValue() }).map(({ key, value }) => JSON.stringify({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => JSON.stringify(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key)))),
    fc.nat({ max: 400 }).map((cut) => JSON.stringify(valid).slice(0, cut)),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 200 }),
  );
}

describe("fuzzed agent and world files", () => {
  let migrated: MigratedTestDatabase;
  let db: Database;
  let tried = 0;

  beforeAll(async () => {
    migrated = await migratedTestDatabase();
    db = migrated.db;
  });
  afterAll(async () => {
    await migrated?.dispose();
    record({ suite: "fuzzed agent and world files", faults: 0, inputs: tried, lost: 0 });
  });

  const snapshot = async () => (await db.pool.query("SELECT (SELECT count(*) FROM worlds)::int AS worlds, (SELECT count(*) FROM agents)::int AS agents, (SELECT count(*) FROM agent_memories)::int AS memories, (SELECT count(*) FROM agent_schedules)::int AS schedules")).rows[0];

  it("load cleanly or fail with every error located (file, JSON path, message), writing nothing", async () => {
    const validAgent = agent("rosa", { memories: ["I bake at dawn."], relationships: {} }) as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(validAgent).map((text) => ({ agentText: text, worldText: JSON.stringify(smallWorld) })), mutated(smallWorld as Record<string, unknown>).map((text) => ({ agentText: JSON.stringify(validAgent), worldText: text }))), async ({ agentText, worldText }) => {
        tried++;
        const made = await makeWorldsDir(smallWorld, { "rosa.json": agentText });
        try {
          await fs.writeFile(`${made.worldDir}/world.json`, worldText);
          await db.pool.query("DELETE FROM worlds");
          const before = await snapshot();
          const outcome = await loadContent(db.pool, { paths: [made.worldDir], worldsDir: made.worldsDir, defaultWorldId: "meadow", actor: "fuzz" }).catch((error: unknown) => error);
          if (outcome instanceof ContentError) {
            const errors = outcome.issues.filter((issue) => issue.severity === "error");
            expect(errors.length).toBeGreaterThan(0);
            for (const issue of errors) {
              expect(issue.file).toMatch(/(rosa|world)\.json$|meadow/);
              expect(issue.path).toMatch(/^\$/);
              expect(issue.message.length).toBeGreaterThan(5);
            }
            expect(await snapshot()).toEqual(before);
          } else {
            expect(outcome).not.toBeInstanceOf(Error);
          }
        } finally {
          await made.cleanup();
        }
      }),
      { numRuns: RUNS },
    );
  });
});
