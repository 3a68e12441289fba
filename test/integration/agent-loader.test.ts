import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { ContentError, formatIssue } from "../../src/content/content-issue.ts";
import { loadContent, type LoadRequest } from "../../src/content/load-content.ts";
import { agent, makeWorldsDir, smallWorld, writeAgent } from "../support/content-fixtures.ts";
import { backend, createTestDatabase, type TestDatabase } from "../support/database.ts";

describe(`agent loader on ${backend}`, () => {
  let testDb: TestDatabase;
  let db: Database;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
    await db?.close();
    await testDb?.dispose();
  });
  beforeEach(async () => {
    await db.pool.query("DELETE FROM worlds; DELETE FROM audit_log");
  });

  async function worlds(agents: Record<string, object | string>, world: object = smallWorld) {
    const made = await makeWorldsDir(world, agents);
    cleanups.push(made.cleanup);
    return made;
  }
  const request = (worldsDir: string, paths: string[], extra: Partial<LoadRequest> = {}): LoadRequest => ({
    paths,
    worldsDir,
    defaultWorldId: "meadow",
    actor: "test",
    ...extra,
  });
  async function loadErrors(worldsDir: string, paths: string[]): Promise<string[]> {
    const error = await loadContent(db.pool, request(worldsDir, paths)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).issues.filter((issue) => issue.severity === "error").map(formatIssue);
  }
  const count = async (sql: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0]!.n;

  it("loads a world and its agents with schedules, relationships and memories", async () => {
    const { worldsDir, agentsDir } = await worlds({
      "anna.json": agent("anna", {
        relationships: { ben: { relationship_type: "friend", affection_score: 40, trust_level: 70, summary: "Old friends" } },
        memories: ["The oven broke last week", { content: "Ben fixed the oven", importance_score: 7, related_agents: ["ben"] }],
      }),
      "ben.json": agent("ben", { current_x: 14, current_y: 10, relationships: { anna: "friend" } }),
    });
    const report = await loadContent(db.pool, request(worldsDir, [agentsDir]));
    expect(report).toMatchObject({ worldId: "meadow", world: "created", agents: { created: 2, updated: 0, unchanged: 0 }, files: 2 });
    const world = await db.pool.query("SELECT game_time, definition FROM worlds WHERE id = 'meadow'");
    expect(Number(world.rows[0].game_time)).toBe(7.5 * 3600);
    const states = await db.pool.query("SELECT agent_id, current_x, current_y FROM agent_states ORDER BY agent_id");
    expect(states.rows).toEqual([{ agent_id: "anna", current_x: 2, current_y: 2 }, { agent_id: "ben", current_x: 14, current_y: 10 }]);
    const relationship = await db.pool.query("SELECT relationship_type, affection_score, trust_level, description FROM agent_relationships WHERE agent_id = 'anna'");
    expect(relationship.rows).toEqual([{ relationship_type: "friend", affection_score: 40, trust_level: 70, description: "Old friends" }]);
    const memories = await db.pool.query("SELECT content, importance_score, related_agents FROM agent_memories WHERE agent_id = 'anna' ORDER BY content");
    expect(memories.rows).toEqual([
      { content: "Ben fixed the oven", importance_score: 7, related_agents: ["ben"] },
      { content: "The oven broke last week", importance_score: 5, related_agents: [] },
    ]);
    const schedule = await db.pool.query("SELECT start_time::text, end_time::text, activity, location FROM agent_schedules WHERE agent_id = 'anna' ORDER BY start_time");
    expect(schedule.rows).toEqual([
      { start_time: "06:00:00", end_time: "18:00:00", activity: "bake", location: "bakery" },
      { start_time: "18:00:00", end_time: "06:00:00", activity: "stroll", location: "square" },
    ]);
    expect(await count("audit_log WHERE action = 'content.load'")).toBe(1);
  });

  it("reports every error of every file in one run, and writes nothing", async () => {
    const { worldsDir, agentsDir } = await worlds({
      "a-broken.json": '{\n  "id": "broken",\n  "name": "Broken"\n  "current_x": 1\n}',
      "b-wrong-type.json": agent("wrongtype", { energy_level: "high" }),
      "c-missing.json": (({ name: _name, ...rest }) => rest)(agent("missing")),
      "d-range.json": agent("ranged", { energy_level: 150, relationships: { twin: { affection_score: 500 } } }),
      "e-twin.json": agent("twin"),
      "f-twin-again.json": agent("twin"),
      "g-good.json": agent("good"),
    });
    const errors = await loadErrors(worldsDir, [agentsDir]);
    const expected = [
      /a-broken\.json: \$: invalid JSON at line 4, column 3: .*missing comma/,
      /b-wrong-type\.json: \$\.energy_level: expected number, got "high"/,
      /c-missing\.json: \$\.name: required field is missing \(expected string\)/,
      /d-range\.json: \$\.energy_level: out of range: expected number to be <=100 \(got 150\)/,
      /d-range\.json: \$\.relationships\.twin\.affection_score: out of range: expected number to be <=100 \(got 500\)/,
      /f-twin-again\.json: \$\.id: agent id "twin" is also defined in .*e-twin\.json/,
    ];
    for (const pattern of expected) expect(errors.some((line) => pattern.test(line)), `${pattern} in\n${errors.join("\n")}`).toBe(true);
    expect(errors).toHaveLength(expected.length);
    expect(await count("worlds")).toBe(0);
    expect(await count("agents")).toBe(0);
    expect(await count("audit_log")).toBe(0);
  });

  it("rejects relationships to unknown agents and positions outside the map", async () => {
    const { worldsDir, agentsDir } = await worlds({
      "anna.json": agent("anna", { relationships: { nobody: "friend" } }),
      "far.json": agent("far", { current_x: 99, current_y: 1 }),
    });
    const errors = await loadErrors(worldsDir, [agentsDir]);
    expect(errors).toEqual([
      expect.stringMatching(/anna\.json: \$\.relationships\.nobody: no agent "nobody" in these files or in world "meadow"/),
      expect.stringMatching(/far\.json: \$\.current_x: out of range: position \(99, 1\) is outside the 20x15 map/),
    ]);
    expect(await count("agents")).toBe(0);
  });

  it("warns about unknown fields and unknown locations but still loads", async () => {
    const { worldsDir, agentsDir } = await worlds({ "anna.json": agent("anna", { favourite_colour: "red", current_location: "moon" }) });
    const report = await loadContent(db.pool, request(worldsDir, [agentsDir]));
    expect(report.agents.created).toBe(1);
    expect(report.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^warning: .*anna\.json: \$\.favourite_colour: unknown field, ignored/),
      expect.stringMatching(/^warning: .*anna\.json: \$\.current_location: "moon" is not a location of world "meadow" \(known: bakery, square\)/),
    ]);
  });

  it("reloads idempotently: unchanged files change nothing, edits update, memories are never duplicated", async () => {
    const { worldsDir, agentsDir } = await worlds({
      "anna.json": agent("anna", { memories: ["first", "second"] }),
      "ben.json": agent("ben"),
    });
    await loadContent(db.pool, request(worldsDir, [agentsDir]));
    const again = await loadContent(db.pool, request(worldsDir, [agentsDir]));
    expect(again).toMatchObject({ world: "unchanged", agents: { created: 0, updated: 0, unchanged: 2 } });
    expect(await count("agent_memories")).toBe(2);

    await writeAgent(agentsDir, "anna.json", agent("anna", { mood: "cheerful", memories: ["first", "third"] }));
    const edited = await loadContent(db.pool, request(worldsDir, [agentsDir]));
    expect(edited.agents).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const anna = await db.pool.query("SELECT mood FROM agents WHERE id = 'anna'");
    expect(anna.rows[0].mood).toBe("cheerful");
    const memories = await db.pool.query("SELECT content FROM agent_memories WHERE agent_id = 'anna' ORDER BY content");
    expect(memories.rows.map((row) => row.content)).toEqual(["first", "third"]);
    expect(await count("agent_schedules WHERE agent_id = 'anna'")).toBe(2);
  });

  it("keeps an agent's live position on reload unless its starting position changed", async () => {
    const { worldsDir, agentsDir } = await worlds({ "anna.json": agent("anna") });
    await loadContent(db.pool, request(worldsDir, [agentsDir]));
    await db.pool.query("UPDATE agent_states SET current_x = 5, current_y = 5 WHERE agent_id = 'anna'");
    await writeAgent(agentsDir, "anna.json", agent("anna", { mood: "tired" }));
    await loadContent(db.pool, request(worldsDir, [agentsDir]));
    expect((await db.pool.query("SELECT current_x FROM agent_states")).rows[0].current_x).toBe(5);
    await writeAgent(agentsDir, "anna.json", agent("anna", { mood: "tired", current_x: 3 }));
    await loadContent(db.pool, request(worldsDir, [agentsDir]));
    expect((await db.pool.query("SELECT current_x FROM agent_states")).rows[0].current_x).toBe(3);
  });

  it("dry run validates and counts without writing", async () => {
    const { worldsDir, agentsDir } = await worlds({ "anna.json": agent("anna") });
    const report = await loadContent(db.pool, request(worldsDir, [agentsDir], { dryRun: true }));
    expect(report).toMatchObject({ dryRun: true, world: "created", agents: { created: 1 } });
    expect(await count("worlds")).toBe(0);
    expect(await count("agents")).toBe(0);
  });

  it("loads files in the older Heartwood Valley format unchanged, every key as the game read it", async () => {
    const fixture = path.resolve("test/fixtures/heartwood-legacy");
    const worldsDir = path.dirname(fixture);
    const report = await loadContent(db.pool, request(worldsDir, [path.join(fixture, "agents")], { defaultWorldId: "heartwood-legacy" }));
    expect(report).toMatchObject({ worldId: "heartwood-legacy", agents: { created: 2 } });
    expect(report.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    for (const file of ["elara_blacksmith.json", "tomas_baker.json"]) {
      const raw = JSON.parse(await fs.readFile(path.join(fixture, "agents", file), "utf8"));
      const { rows } = await db.pool.query(
        `SELECT a.name, a.constitution, a.current_location, a.current_activity, a.energy_level, a.mood, a.primary_goal, a.secondary_goals,
                a.personality_traits, a.likes, a.dislikes, a.background, a.current_plans, s.current_x, s.current_y
           FROM agents a JOIN agent_states s ON s.agent_id = a.id WHERE a.id = $1`,
        [raw.id],
      );
      const keys = ["name", "constitution", "current_location", "current_activity", "energy_level", "mood", "primary_goal", "secondary_goals", "personality_traits", "likes", "dislikes", "background", "current_plans", "current_x", "current_y"];
      expect(rows[0], raw.id).toEqual(Object.fromEntries(keys.map((key) => [key, raw[key]])));
      // The schedule in time order, "24:00" (the end of the day) as midnight, where the day starts.
      const schedule = await db.pool.query("SELECT to_char(start_time, 'FMHH24:MI') AS time, activity FROM agent_schedules WHERE agent_id = $1 ORDER BY start_time", [raw.id]);
      const expected = Object.entries(raw.schedule as Record<string, string>)
        .map(([time, activity]) => ({ time: time === "24:00" ? "0:00" : time, activity }))
        .sort((a, b) => minutes(a.time) - minutes(b.time));
      expect(schedule.rows, raw.id).toEqual(expected);
      const relationships = await db.pool.query("SELECT other_agent_id, relationship_type FROM agent_relationships WHERE agent_id = $1 ORDER BY other_agent_id", [raw.id]);
      expect(relationships.rows).toEqual(Object.entries(raw.relationships as Record<string, string>).map(([other, type]) => ({ other_agent_id: other, relationship_type: type })));
      const memories = await db.pool.query("SELECT content FROM agent_memories WHERE agent_id = $1 ORDER BY content", [raw.id]);
      expect(memories.rows.map((row) => row.content)).toEqual([...raw.memories].sort());
    }
  });

  it("reads a schedule's 24:00 as midnight, as the older Heartwood Valley files write it, and refuses two entries for one time", async () => {
    const { worldsDir, agentsDir } = await worlds({ "nell.json": agent("nell", { schedule: { "6:00": "mend nets", "22:00": "evening prayers", "24:00": "sleep" } }) });
    await loadContent(db.pool, request(worldsDir, [agentsDir]));
    const schedule = await db.pool.query("SELECT start_time::text, activity FROM agent_schedules WHERE agent_id = 'nell' ORDER BY start_time");
    expect(schedule.rows).toEqual([
      { start_time: "00:00:00", activity: "sleep" },
      { start_time: "06:00:00", activity: "mend nets" },
      { start_time: "22:00:00", activity: "evening prayers" },
    ]);
    const twice = await worlds({ "otto.json": agent("otto", { schedule: { "0:00": "sleep", "24:00": "dream", "7:00": "bake" } }) });
    const errors = await loadErrors(twice.worldsDir, [twice.agentsDir]);
    expect(errors).toEqual([expect.stringMatching(/otto\.json: \$\.schedule\["24:00"\]: starts at the same time as "0:00"; keep one of the two/)]);
  });

  it("reads locations and blocked tiles from a Tiled map beside world.json", async () => {
    const { tiled: _none, ...map } = { ...smallWorld.map, tiled: undefined };
    const { worldsDir, worldDir, agentsDir } = await worlds({ "anna.json": agent("anna") }, { ...smallWorld, locations: [], map: { ...map, blocked: [], tiled: "town.tmj" } });
    const collision = new Array(20 * 15).fill(0);
    collision[20 * 3 + 4] = 1;
    collision[20 * 3 + 5] = 1;
    await fs.writeFile(
      path.join(worldDir, "town.tmj"),
      JSON.stringify({
        width: 20, height: 15, tilewidth: 32, tileheight: 32, infinite: false, orientation: "orthogonal",
        layers: [
          { name: "ground", type: "tilelayer", width: 20, data: new Array(300).fill(1) },
          { name: "Collision", type: "tilelayer", width: 20, data: collision },
          { name: "places", type: "objectgroup", objects: [{ name: "Bakery", type: "shop", x: 32, y: 32, width: 128, height: 96 }] },
        ],
      }),
    );
    await loadContent(db.pool, request(worldsDir, [agentsDir]));
    const { rows } = await db.pool.query("SELECT definition FROM worlds WHERE id = 'meadow'");
    expect(rows[0].definition.locations).toEqual([{ name: "bakery", type: "shop", x: 1, y: 1, width: 4, height: 3 }]);
    expect(rows[0].definition.map.blocked).toEqual([{ x: 4, y: 3, width: 2, height: 1 }]);
  });

  it("refuses text the database cannot store, deep nesting and oversized files with the file and JSON path, writing nothing", async () => {
    const { worldsDir, agentsDir } = await worlds({
      "nul.json": agent("nul", { mood: "calm\u0000" }),
      "surrogate.json": `{"id":"surrogate","name":"S","current_x":2,"current_y":2,"likes":["bread","\\ud800"]}`,
      "deep.json": `{"id":"deep","name":"D","current_x":2,"current_y":2,"memories":[{"content":"m","tags":${"[".repeat(40)}"x"${"]".repeat(40)}}]}`,
      "big.json": agent("big", { background: "x".repeat(3_000) }),
    });
    const error = await loadContent(db.pool, request(worldsDir, [agentsDir], { maxFileBytes: 2_048 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentError);
    const errors = (error as ContentError).issues.map(formatIssue).join("\n");
    expect(errors).toMatch(/nul\.json: \$\.mood: text contains a character that cannot be stored/);
    expect(errors).toMatch(/surrogate\.json: \$\.likes\[1\]: text contains a character that cannot be stored/);
    expect(errors).toMatch(/deep\.json: \$\.memories\[0\]\.tags(\[0\])+: nested more than 32 levels deep/);
    expect(errors).toMatch(/big\.json: \$: file is \d+ bytes, more than the limit of 2048 bytes per file/);
    expect(await count("agents")).toBe(0);
  });

  it("refuses a world id outside the id pattern before reading any file", async () => {
    const { worldsDir, agentsDir } = await worlds({ "anna.json": agent("anna") });
    const error = await loadContent(db.pool, request(worldsDir, [agentsDir], { worldId: "../meadow" })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).issues.map(formatIssue)).toEqual([expect.stringMatching(/world id "\.\.\/meadow" must be 1-64 lowercase letters.*pass --world with a valid id/)]);
    expect(await count("worlds")).toBe(0);
  });
});

function minutes(time: string): number {
  const [hours, mins] = time.split(":").map(Number);
  return hours! * 60 + mins!;
}
