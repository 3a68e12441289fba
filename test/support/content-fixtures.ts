import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const smallWorld = {
  id: "meadow",
  name: "Meadow",
  map: { width: 20, height: 15, tileSize: 32, blocked: [{ x: 10, y: 0, width: 1, height: 5 }] },
  locations: [
    { name: "bakery", type: "shop", x: 1, y: 1, width: 4, height: 3 },
    { name: "square", type: "plaza", x: 12, y: 8, width: 5, height: 5 },
  ],
  spawn: { x: 14, y: 10 },
  clock: { startDay: 1, startTime: "07:30", speed: 60 },
};

export function agent(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: id[0]!.toUpperCase() + id.slice(1),
    constitution: `You are ${id}.`,
    current_location: "bakery",
    current_activity: "baking",
    energy_level: 80,
    mood: "calm",
    primary_goal: "Bake bread",
    personality_traits: ["kind"],
    current_x: 2,
    current_y: 2,
    schedule: { "6:00": { activity: "bake", location: "bakery" }, "18:00": { activity: "stroll", location: "square" } },
    ...extra,
  };
}

/** A throwaway worlds/ folder holding one world and the given agent files (objects, or raw text for broken JSON). */
export async function makeWorldsDir(world: object, agents: Record<string, object | string>): Promise<{ worldsDir: string; worldDir: string; agentsDir: string; cleanup(): Promise<void> }> {
  const worldsDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-worlds-"));
  return { worldsDir, ...(await addWorld(worldsDir, world, agents)), cleanup: () => fs.rm(worldsDir, { recursive: true, force: true }) };
}

/** Another world, with its agent files, in a worlds/ folder. */
export async function addWorld(worldsDir: string, world: object, agents: Record<string, object | string>): Promise<{ worldDir: string; agentsDir: string }> {
  const worldDir = path.join(worldsDir, (world as { id: string }).id);
  const agentsDir = path.join(worldDir, "agents");
  await fs.mkdir(agentsDir, { recursive: true });
  await fs.writeFile(path.join(worldDir, "world.json"), JSON.stringify(world, null, 2));
  for (const [file, content] of Object.entries(agents)) await writeAgent(agentsDir, file, content);
  return { worldDir, agentsDir };
}

export async function writeAgent(agentsDir: string, file: string, content: object | string): Promise<void> {
  await fs.writeFile(path.join(agentsDir, file), typeof content === "string" ? content : JSON.stringify(content, null, 2));
}
