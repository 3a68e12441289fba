import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newMind, PROMISE_MINUTES, scheduleFor, type Mind } from "../../agents/engine/mind.ts";
import { mindSnapshot } from "../../agents/engine/mind-snapshot.ts";
import { restoreMinds } from "../../agents/engine/restore-minds.ts";
import { loadMinds, saveMinds } from "../../db/repositories/mind-repository.ts";
import { MindWriter } from "../../rooms/mind-writer.ts";
import type { Logger } from "../../src/log.ts";
import { backend } from "../support/database.ts";
import { profile } from "../unit/conversation/social-world.ts";
import { openMemoryDatabase, type MemoryTestDatabase } from "./memory/memory-fixtures.ts";

const DAY = 86_400;
const AT_14 = 14 * 3600;
const LOCATIONS = ["square", "bakery"];

/** Lina on day 1 at 14:00: she planned the day, promised Ann 15:00 at the bakery, reviewed yesterday and counted toward a reflection. */
function linaAtTwo(): Mind {
  const mind = newMind(profile("lina", { routine: [{ startMinute: 0, activity: "tend the flower stall", location: "square" }] }));
  Object.assign(mind, {
    plannedDay: 1,
    strokes: ["8:00 open the stall", "12:00 lunch"],
    blocks: [
      { startMinute: 8 * 60, activity: "open the stall", location: "square" },
      { startMinute: 12 * 60, activity: "lunch", location: "bakery" },
      { startMinute: 13 * 60, activity: "water the roses", location: "square" },
    ],
    decomposedBlock: 13 * 60,
    promises: [{ day: 1, startMinute: 15 * 60, activity: "meeting Ann", location: "bakery" }],
    importanceSinceReflection: 87,
    lastReflectionDay: 1,
    reviewedDay: 1,
    yesterday: "I sold every rose. Tomorrow I want to focus on the tulips.",
    goalChanges: ["grow tulips"],
  });
  // As the world last had it: the current block decomposed, the promise laid over.
  scheduleFor(mind, [...mind.blocks, { startMinute: 13 * 60 + 15, activity: "pick off wilted leaves", location: "square" }], AT_14);
  return mind;
}

function recordingLog() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const log = { warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }) } as unknown as Pick<Logger, "warn">;
  return { log, warnings };
}

describe(`agents' minds in the database (${backend})`, () => {
  let m: MemoryTestDatabase;

  beforeAll(async () => {
    m = await openMemoryDatabase(["lina", "otto"]);
  });
  afterAll(async () => {
    await m?.close();
  });

  it("a saved mind comes back whole, and the agent goes back to today's plan with its promise laid over", async () => {
    const lina = linaAtTwo();
    await saveMinds(m.db.pool, [{ agentId: "lina", snapshot: mindSnapshot(newMind(lina.profile)), gameTime: AT_14 - 600 }]);
    await saveMinds(m.db.pool, [{ agentId: "lina", snapshot: mindSnapshot(lina), gameTime: AT_14 }]);

    const stored = await loadMinds(m.db.pool, "w");
    expect(stored.map((row) => [row.agentId, row.gameTime])).toEqual([["lina", AT_14]]);
    const fresh = new Map([["lina", newMind(lina.profile)], ["otto", newMind(profile("otto"))]]);
    const { log, warnings } = recordingLog();
    const schedules = restoreMinds(fresh, stored, AT_14, LOCATIONS, log);

    expect(warnings).toEqual([]);
    expect(mindSnapshot(fresh.get("lina")!)).toEqual(mindSnapshot(lina));
    expect(mindSnapshot(fresh.get("otto")!)).toEqual(mindSnapshot(newMind(profile("otto"))));
    expect(schedules).toHaveLength(1);
    const [handed] = schedules;
    expect(handed).toMatchObject({ type: "agent_schedule", agentId: "lina" });
    const slots = handed!.type === "agent_schedule" ? handed!.schedule : [];
    expect(slots).toContainEqual({ startMinute: 15 * 60, activity: "meeting Ann", location: "bakery" });
    // Then back to what the meeting interrupted.
    expect(slots).toContainEqual({ startMinute: 15 * 60 + PROMISE_MINUTES, activity: "pick off wilted leaves", location: "square" });
  });

  it("a plan of an earlier day is kept in mind but not handed back: the agent plans the new day (with its promises)", async () => {
    const lina = linaAtTwo();
    lina.promises.push({ day: 2, startMinute: 9 * 60, activity: "meeting Bob", location: "square" });
    await saveMinds(m.db.pool, [{ agentId: "lina", snapshot: mindSnapshot(lina), gameTime: DAY + 600 }]);
    const fresh = new Map([["lina", newMind(lina.profile)]]);
    expect(restoreMinds(fresh, await loadMinds(m.db.pool, "w"), DAY + 600, LOCATIONS, recordingLog().log)).toEqual([]);
    expect(fresh.get("lina")!.promises).toContainEqual({ day: 2, startMinute: 9 * 60, activity: "meeting Bob", location: "square" });
    expect(fresh.get("lina")!.yesterday).toBe(lina.yesterday);
  });

  it("a place the world no longer has drops the promises made there and the plan that goes there: the agent plans the day again", async () => {
    const lina = linaAtTwo();
    await saveMinds(m.db.pool, [{ agentId: "lina", snapshot: mindSnapshot(lina), gameTime: AT_14 }]);
    const fresh = new Map([["lina", newMind(lina.profile)]]);
    expect(restoreMinds(fresh, await loadMinds(m.db.pool, "w"), AT_14, ["square"], recordingLog().log)).toEqual([]);
    expect(fresh.get("lina")).toMatchObject({ plannedDay: null, promises: [], yesterday: lina.yesterday, importanceSinceReflection: 87 });
  });

  it("a snapshot of an older shape, or garbage, is logged and ignored: that agent starts with a fresh mind", async () => {
    const { version: _version, ...unversioned } = mindSnapshot(linaAtTwo());
    await saveMinds(m.db.pool, [
      { agentId: "lina", snapshot: unversioned, gameTime: AT_14 },
      { agentId: "otto", snapshot: "not a mind at all", gameTime: AT_14 },
    ]);
    const fresh = new Map([["lina", newMind(linaAtTwo().profile)], ["otto", newMind(profile("otto"))]]);
    const { log, warnings } = recordingLog();

    expect(restoreMinds(fresh, await loadMinds(m.db.pool, "w"), AT_14, LOCATIONS, log)).toEqual([]);
    expect(warnings.map((warning) => warning.fields.agent)).toEqual(["lina", "otto"]);
    expect(warnings[0]!.message).toMatch(/fresh mind/);
    expect(String(warnings[0]!.fields.problem)).toMatch(/version/);
    expect(mindSnapshot(fresh.get("lina")!)).toEqual(mindSnapshot(newMind(linaAtTwo().profile)));
    expect(mindSnapshot(fresh.get("otto")!)).toEqual(mindSnapshot(newMind(profile("otto"))));
  });

  it("the write-behind writes only the minds that changed since its last save, and skips agents deleted meanwhile", async () => {
    const writer = new MindWriter(m.db.pool, "w", { debug: () => undefined } as unknown as Pick<Logger, "debug">);
    const lina = linaAtTwo();
    const otto = newMind(profile("otto"));
    const snapshots = () => [lina, otto].map((mind) => ({ agentId: mind.profile.id, snapshot: mindSnapshot(mind) }));
    await writer.save(snapshots(), AT_14);
    lina.importanceSinceReflection += 6;
    await writer.save(snapshots(), AT_14 + 60);
    const stored = new Map((await loadMinds(m.db.pool, "w")).map((row) => [row.agentId, row]));
    expect(stored.get("lina")).toMatchObject({ gameTime: AT_14 + 60, snapshot: { importanceSinceReflection: 93 } });
    expect(stored.get("otto")).toMatchObject({ gameTime: AT_14 });

    await m.db.pool.query("DELETE FROM agents WHERE id = 'otto'");
    otto.yesterday = "A quiet day.";
    await writer.save(snapshots(), AT_14 + 120);
    expect((await loadMinds(m.db.pool, "w")).map((row) => row.agentId)).toEqual(["lina"]);
  });
});
