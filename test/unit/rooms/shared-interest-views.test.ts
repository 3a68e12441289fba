import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/world/rng.ts";
import { InterestWorld } from "./interest-world.ts";

const RADIUS = 4;
const HYSTERESIS = 1;
/** The documented cell: radius + hysteresis tiles wide. */
const CELL = RADIUS + HYSTERESIS;

/** What a client in the cell of (x, y) may hold: the 3x3 cells around it, widened by the hysteresis. */
function inRegionOf(client: { x: number; y: number }, entity: { x: number; y: number }): boolean {
  const within = (own: number, other: number) => {
    const cell = Math.floor(own / CELL);
    return other >= (cell - 1) * CELL - HYSTERESIS && other < (cell + 2) * CELL + HYSTERESIS;
  };
  return within(client.x, entity.x) && within(client.y, entity.y);
}

/** Every client holds what is within the radius, only what exists and is in its region, and where it is. */
function expectConsistent(world: InterestWorld, patch: number): void {
  for (const [id, client] of world.clients) {
    const self = world.positions.get(id)!;
    const held = client.holds();
    for (const entity of world.positions.values()) {
      if ((entity.x - self.x) ** 2 + (entity.y - self.y) ** 2 <= RADIUS * RADIUS) {
        expect(held.has(entity.id), `patch ${patch}: ${id} at (${self.x}, ${self.y}) misses ${entity.id} at (${entity.x}, ${entity.y})`).toBe(true);
      }
    }
    for (const [heldId, at] of held) {
      const entity = world.positions.get(heldId);
      expect(entity, `patch ${patch}: ${id} holds ${heldId}, which left the world`).toBeDefined();
      expect(inRegionOf(self, entity!), `patch ${patch}: ${id} at (${self.x}, ${self.y}) holds ${heldId} at (${entity!.x}, ${entity!.y}), outside its region`).toBe(true);
      expect(at, `patch ${patch}: ${id} sees ${heldId} at a stale position`).toEqual({ x: entity!.x, y: entity!.y });
    }
  }
}

describe("shared interest views", () => {
  it("clients in the same cell share one view and see each other", () => {
    const world = new InterestWorld(RADIUS, HYSTERESIS);
    const ann = world.join("ann", 1, 1);
    const bob = world.join("bob", 2, 3);
    world.addAgent("smith", 3, 2);
    world.patch();
    expect(ann.view).toBe(bob.view);
    expect(world.interest.viewCount).toBe(1);
    expect([...ann.holds().keys()].sort()).toEqual(["ann", "bob", "smith"]);
    expect([...bob.holds().keys()].sort()).toEqual(["ann", "bob", "smith"]);
  });

  it("a client walking into an occupied cell drops what it left behind, gets what it walks into, then shares that cell's view", () => {
    const world = new InterestWorld(RADIUS, HYSTERESIS);
    const walker = world.join("walker", 2, 2);
    const resident = world.join("resident", 14, 2);
    world.addAgent("behind", 0.5, 2);
    world.addAgent("ahead", 17.5, 2);
    world.patch();
    expect([...walker.holds().keys()].sort()).toEqual(["behind", "walker"]);

    // Cell 0 -> cell 2 in one jump (a respawn): the region of cell 2 holds cells 1..3 (x 5 to 20), not cell 0.
    world.moveTo("walker", 13, 2);
    world.patch();
    expect([...walker.holds().keys()].sort()).toEqual(["ahead", "resident", "walker"]);
    expect(walker.view).not.toBe(resident.view);
    expectConsistent(world, 1);

    world.moveTo("ahead", 16.5, 2.5);
    world.patch();
    expect(walker.view).toBe(resident.view);
    expect(walker.holds().get("ahead")).toEqual({ x: 16.5, y: 2.5 });
    expectConsistent(world, 2);
  });

  it.each([
    ["an occupied cell", 7],
    ["an empty cell", 12],
  ])("an entity that leaves the world while a client walks into %s is not left behind in that client", (_, otherX) => {
    const world = new InterestWorld(RADIUS, HYSTERESIS);
    const walker = world.join("walker", 2, 2);
    world.join("other", otherX, 2);
    world.addAgent("leaver", 3, 3);
    world.patch();
    expect(walker.holds().has("leaver")).toBe(true);
    world.removeAgent("leaver");
    world.moveTo("walker", 9, 2);
    world.patch();
    expect(walker.holds().has("leaver")).toBe(false);
    expectConsistent(world, 1);
  });

  it("stays consistent for every client through random walks, jumps, joins, leaves and despawns", () => {
    const rng = createRng(7);
    const size = 28;
    const world = new InterestWorld(RADIUS, HYSTERESIS);
    const spot = () => Math.round(rng.next() * (size - 1) * 4) / 4;
    let nextId = 0;
    for (let i = 0; i < 40; i++) world.addAgent(`agent-${nextId++}`, spot(), spot());
    for (let i = 0; i < 12; i++) world.join(`player-${nextId++}`, spot(), spot());
    world.patch();

    for (let patch = 0; patch < 400; patch++) {
      for (const entity of [...world.positions.values()]) {
        const roll = rng.next();
        if (roll < 0.01) world.moveTo(entity.id, spot(), spot());
        else if (roll < 0.6) {
          const step = () => (rng.int(-2, 2) / 4);
          world.moveTo(entity.id, Math.min(size - 1, Math.max(0, entity.x + step())), Math.min(size - 1, Math.max(0, entity.y + step())));
        }
      }
      const roll = rng.next();
      const agents = [...world.state.agents.keys()];
      const players = [...world.clients.keys()];
      if (roll < 0.05 && agents.length > 0) world.removeAgent(rng.pick(agents));
      else if (roll < 0.1) world.addAgent(`agent-${nextId++}`, spot(), spot());
      else if (roll < 0.13 && players.length > 1) world.leave(rng.pick(players));
      else if (roll < 0.16) world.join(`player-${nextId++}`, spot(), spot());
      world.patch();
      expectConsistent(world, patch);
    }
    expect(world.interest.viewCount).toBeLessThanOrEqual(world.clients.size);
  });
});
