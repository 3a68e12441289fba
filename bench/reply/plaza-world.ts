import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A throwaway worlds folder: one open 40x40 plaza, players appear in the middle, agents stand around them. */
export async function plazaWorld(agents: number): Promise<{ worldsDir: string; cleanup(): Promise<void> }> {
  const worldsDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-bench-reply-"));
  const agentsDir = path.join(worldsDir, "plaza", "agents");
  await fs.mkdir(agentsDir, { recursive: true });
  const world = {
    id: "plaza",
    name: "Plaza",
    map: { width: 40, height: 40, blocked: [] },
    locations: [{ name: "plaza", type: "square", x: 10, y: 10, width: 20, height: 20 }],
    spawn: { x: 20, y: 20 },
    clock: { startTime: "10:00", speed: 60 },
    conversations: { talkRange: 6, npcChattiness: 0 },
  };
  await fs.writeFile(path.join(worldsDir, "plaza", "world.json"), JSON.stringify(world));
  for (let i = 0; i < agents; i++) {
    const angle = (2 * Math.PI * i) / agents;
    const agent = {
      id: `vendor_${i + 1}`,
      name: `Vendor ${i + 1}`,
      constitution: `You are Vendor ${i + 1}, who sells fruit on the plaza.`,
      personality_traits: ["friendly"],
      current_location: "plaza",
      current_x: Math.round(20 + 3 * Math.cos(angle)),
      current_y: Math.round(20 + 3 * Math.sin(angle)),
      schedule: { "0:00": { activity: "selling fruit" } },
    };
    await fs.writeFile(path.join(agentsDir, `${agent.id}.json`), JSON.stringify(agent));
  }
  return { worldsDir, cleanup: () => fs.rm(worldsDir, { recursive: true, force: true }) };
}
