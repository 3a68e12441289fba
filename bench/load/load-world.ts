import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export const LOAD_WORLD_ID = "loadtown";
/** 200x200 tiles, like bench:tick's large map: room for 500 players to spread over many interest cells. */
export const LOAD_MAP_SIZE = 200;
const SQUARES_PER_SIDE = 3;
const SQUARE_SIZE = 14;
/** Houses on a 10-tile grid between the squares, so paths bend and move_to runs real pathfinding. */
const HOUSE_GRID = 20;

/**
 * A throwaway worlds folder for load tests: an open 200x200 town with nine squares and houses between
 * them; `agents` agents each walk between squares every game hour (the clock runs a game hour per real
 * minute), so they move, path-find and meet each other during a run. Players appear in the middle;
 * clients get `patchRate` patches a second.
 */
export async function loadWorld(agents: number, patchRate: number): Promise<{ worldsDir: string; cleanup(): Promise<void> }> {
  const worldsDir = await fs.mkdtemp(path.join(os.tmpdir(), "lw-load-world-"));
  const agentsDir = path.join(worldsDir, LOAD_WORLD_ID, "agents");
  await fs.mkdir(agentsDir, { recursive: true });
  const squares = squareLocations();
  const world = {
    id: LOAD_WORLD_ID,
    name: "Load Town",
    map: { width: LOAD_MAP_SIZE, height: LOAD_MAP_SIZE, blocked: houses(squares) },
    locations: squares,
    spawn: { x: LOAD_MAP_SIZE / 2, y: LOAD_MAP_SIZE / 2 },
    clock: { startTime: "10:00", speed: 60 },
    patchRate,
  };
  await fs.writeFile(path.join(worldsDir, LOAD_WORLD_ID, "world.json"), JSON.stringify(world));
  for (let i = 0; i < agents; i++) {
    const home = squares[i % squares.length]!;
    const schedule = Object.fromEntries(
      Array.from({ length: 24 }, (_, hour) => [`${hour}:00`, { activity: hour % 2 === 0 ? "selling wares" : "strolling", location: squares[(i + hour) % squares.length]!.name }]),
    );
    const agent = {
      id: `trader_${i + 1}`,
      name: `Trader ${i + 1}`,
      constitution: `You are Trader ${i + 1}, who sells wares on the squares of Load Town.`,
      personality_traits: ["friendly"],
      current_location: home.name,
      current_x: home.x + 1 + (i % (SQUARE_SIZE - 2)),
      current_y: home.y + 1 + (Math.floor(i / squares.length) % (SQUARE_SIZE - 2)),
      schedule,
    };
    await fs.writeFile(path.join(agentsDir, `${agent.id}.json`), JSON.stringify(agent));
  }
  return { worldsDir, cleanup: () => fs.rm(worldsDir, { recursive: true, force: true }) };
}

function squareLocations(): { name: string; type: string; x: number; y: number; width: number; height: number }[] {
  const pitch = LOAD_MAP_SIZE / SQUARES_PER_SIDE;
  const squares = [];
  for (let row = 0; row < SQUARES_PER_SIDE; row++) {
    for (let column = 0; column < SQUARES_PER_SIDE; column++) {
      const x = Math.round(column * pitch + (pitch - SQUARE_SIZE) / 2);
      const y = Math.round(row * pitch + (pitch - SQUARE_SIZE) / 2);
      squares.push({ name: `square_${row * SQUARES_PER_SIDE + column + 1}`, type: "square", x, y, width: SQUARE_SIZE, height: SQUARE_SIZE });
    }
  }
  return squares;
}

/** 4x3 houses on a grid, skipping any that would touch a square or the spawn. */
function houses(squares: readonly { x: number; y: number; width: number; height: number }[]): { x: number; y: number; width: number; height: number }[] {
  const centre = LOAD_MAP_SIZE / 2;
  const blocked = [];
  for (let x = 5; x + 4 < LOAD_MAP_SIZE; x += HOUSE_GRID) {
    for (let y = 5; y + 3 < LOAD_MAP_SIZE; y += HOUSE_GRID) {
      const touches = squares.some((square) => x + 5 > square.x && x - 1 < square.x + square.width && y + 4 > square.y && y - 1 < square.y + square.height);
      const nearSpawn = Math.abs(x - centre) < 8 && Math.abs(y - centre) < 8;
      if (!touches && !nearSpawn) blocked.push({ x, y, width: 4, height: 3 });
    }
  }
  return blocked;
}
