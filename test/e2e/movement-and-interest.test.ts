import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend } from "../support/database.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";

interface Entity { id: string; name: string; x: number; y: number; moving: boolean; direction: string }
interface WorldView { agents: Map<string, Entity>; players: Map<string, Entity>; gameTime: number; clockSpeed: number }

describe(`players moving in a shared world (${backend})`, () => {
  let server: RunningServer;
  const rooms: Room<any, WorldView>[] = [];

  beforeAll(async () => {
    // A small interest radius so that a short walk takes a player out of another's view.
    server = await startTestServer({ INTEREST_RADIUS: "4" });
  });
  afterAll(async () => {
    await Promise.all(rooms.map((room) => room.leave().catch(() => undefined)));
    await server?.stop();
  });

  async function join(name: string) {
    const room = await server.client().joinOrCreate<WorldView>("world", { name });
    rooms.push(room);
    await waitForState(room, (state) => state.players.has(room.sessionId), 10_000, `${name} in its own state`);
    return room;
  }

  it("one client's movement appears in the other's state, and move_to walks the server's path", async () => {
    const ann = await join("Ann");
    const bob = await join("Bob");
    const start = (await waitForState(bob, (state) => state.players.has(ann.sessionId))).players.get(ann.sessionId)!;
    const startX = start.x;

    ann.send("input", { dx: 1, dy: 0 });
    await waitForState(bob, (state) => state.players.get(ann.sessionId)!.x >= startX + 1, 10_000, "Ann walking east in Bob's view");
    ann.send("input", { dx: 0, dy: 0 });
    await waitForState(bob, (state) => state.players.get(ann.sessionId)!.moving === false, 10_000, "Ann stopped");

    const target = { x: Math.round(startX) - 1, y: Math.round(start.y) + 1 };
    ann.send("move_to", target);
    const arrived = await waitForState(
      bob,
      (state) => {
        const seen = state.players.get(ann.sessionId)!;
        return seen.x === target.x && seen.y === target.y && !seen.moving;
      },
      10_000,
      "Ann at the move_to target",
    );
    expect(arrived.players.get(ann.sessionId)).toMatchObject({ name: "Ann", ...target });
  });

  it("a client receives the entities in its interest area, not those far beyond it", async () => {
    const near = await join("Near");
    const far = await join("Far");
    await waitForState(near, (state) => state.players.has(far.sessionId), 10_000, "both at spawn see each other");
    const everyAgent = 12;
    expect(near.state.agents.size).toBeLessThan(everyAgent);

    // A client's view is the 3x3 cells of 6 tiles (radius 4 + 2 of hysteresis) around its cell; entities
    // leave it 2 tiles past that. Walk 2 tiles into the third cell east: each drops out of the other's view.
    const spawn = near.state.players.get(near.sessionId)!;
    const cell = 4 + 2;
    far.send("move_to", { x: (Math.floor(spawn.x / cell) + 3) * cell + 2, y: Math.round(spawn.y) });
    await waitForState(near, (state) => !state.players.has(far.sessionId), 15_000, "Far gone from Near's view");
    await waitForState(far, (state) => !state.players.has(near.sessionId), 15_000, "Near gone from Far's view");
    expect(far.state.players.has(far.sessionId)).toBe(true);

    // And back: they see each other again.
    far.send("move_to", { x: Math.round(spawn.x) + 1, y: Math.round(spawn.y) });
    await waitForState(near, (state) => state.players.has(far.sessionId), 15_000, "Far back in Near's view");
    // Back in Near's cell, Far holds exactly what Near holds: none of what it walked away from is left over.
    const everyone = (state: WorldView) => [...state.agents.keys(), ...state.players.keys()].sort().join();
    await waitForState(far, (state) => everyone(state) === everyone(near.state), 15_000, "Far holding what Near holds");
  });

  it("answers ping with pong and replicates the game clock", async () => {
    const room = await join("Clocky");
    room.send("ping", { t: 42 });
    expect(await nextMessage(room, "pong")).toMatchObject({ t: 42 });
    expect(room.state.clockSpeed).toBe(60);
    expect(room.state.gameTime % 60).toBe(0);
  });

  it("move_to an unreachable or off-map tile is answered with an error, not a disconnect", async () => {
    const room = await join("Lost");
    room.send("move_to", { x: 5000, y: 5000 });
    expect(await nextMessage(room, "error")).toMatchObject({ code: "out_of_bounds", type: "move_to" });
    // The river (blocked) at x=41 is not walkable: no path into it.
    room.send("move_to", { x: 41, y: 5 });
    expect(await nextMessage(room, "error")).toMatchObject({ code: "no_path" });
    room.send("ping", {});
    await nextMessage(room, "pong");
  });
});
