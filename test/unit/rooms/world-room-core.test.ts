import { standardValidate } from "@colyseus/core/utils/StandardSchema";
import type { StateView } from "@colyseus/schema";
import { beforeEach, describe, expect, it } from "vitest";
import { createMetrics } from "../../../src/http/metrics.ts";
import { WorldSimulation } from "../../../src/world/simulation.ts";
import { WorldRoomCore } from "../../../rooms/world-room-core.ts";
import { WorldState } from "../../../rooms/world-state.ts";
import type { ServerMessage, ServerMessageType } from "../../../rooms/server-messages.ts";
import { heartwood } from "../world/world-fixtures.ts";

class TestClient {
  view: StateView | undefined;
  readonly received: { type: ServerMessageType; payload: ServerMessage<ServerMessageType> }[] = [];
  closedWith: number | undefined;
  constructor(readonly sessionId: string) {}
}

/** The core as WorldRoom wires it, with Colyseus' validation step and a channel that records what it sends. */
async function openCore() {
  const { definition, agents } = await heartwood();
  const sim = new WorldSimulation(definition, agents, { seed: 1, gameTime: 8 * 3600, clockSpeed: 60 });
  const clients = new Map<string, TestClient>();
  const handlers = new Map<string, (client: TestClient, payload: unknown) => void>();
  let unknown: (client: TestClient, type: string) => void = () => undefined;
  const core = new WorldRoomCore<TestClient>(new WorldState(), {
    world: { id: definition.id, name: definition.name, definition, gameTime: 8 * 3600, clockSpeed: 60, rngState: null },
    sim,
    interestRadius: 20,
    rateLimit: { perSecond: 100, burst: 100, disconnectAfterRefused: 100 },
    metrics: createMetrics(),
    channel: {
      clients: () => clients.values(),
      client: (sessionId) => clients.get(sessionId),
      deliver: (client, type, payload) => void client.received.push({ type, payload }),
      disconnect: (client, code) => {
        client.closedWith = code;
      },
    },
    inputs: () => [],
    events: () => undefined,
    say: () => undefined,
  });
  core.routeMessages({
    on: (type, validator, handler) => handlers.set(type, (client, payload) => handler(client, standardValidate(validator, payload))),
    onUnknown: (handler) => {
      unknown = handler;
    },
  });
  const join = (sessionId: string, x: number, y: number) => {
    const client = new TestClient(sessionId);
    clients.set(sessionId, client);
    core.join(client, { name: sessionId, x, y });
    return client;
  };
  const receive = (client: TestClient, type: string, payload: unknown) => (handlers.get(type) ?? ((c) => unknown(c, type)))(client, payload);
  return { core, join, receive, spawn: definition.spawn };
}

describe("the world room's core", () => {
  let room: Awaited<ReturnType<typeof openCore>>;
  beforeEach(async () => {
    room = await openCore();
  });

  it("a joining player is in the replicated state and its interest view at once", () => {
    const ann = room.join("ann", room.spawn.x, room.spawn.y);
    expect(room.core.state.players.get("ann")).toMatchObject({ name: "ann" });
    expect(ann.view).toBeDefined();
  });

  it("routes a valid move to the world and the player walks on the next ticks", () => {
    const ann = room.join("ann", room.spawn.x, room.spawn.y);
    const { map } = room.core.sim;
    const target = [1, 2, 3].flatMap((d) => [{ x: room.spawn.x + d, y: room.spawn.y }, { x: room.spawn.x, y: room.spawn.y + d }]).find((tile) => map.isWalkable(tile.x, tile.y) && map.areConnected(tile, room.spawn))!;
    room.receive(ann, "move_to", target);
    for (let i = 0; i < 60; i++) room.core.tick(50);
    expect(room.core.sim.players.get("ann")).toMatchObject(target);
    expect(room.core.state.players.get("ann")).toMatchObject(target);
    expect(ann.received).toEqual([]);
  });

  it("refuses a malformed message with an error naming the field and close code 4400", () => {
    const ann = room.join("ann", room.spawn.x, room.spawn.y);
    room.receive(ann, "input", { dx: 5, dy: 0 });
    expect(ann.received).toEqual([{ type: "error", payload: expect.objectContaining({ code: "invalid_message", type: "input", message: expect.stringMatching(/invalid "input" message \(dx: /) }) }]);
    expect(ann.closedWith).toBe(4400);
  });

  it("refuses an unknown message type with close code 4400", () => {
    const ann = room.join("ann", room.spawn.x, room.spawn.y);
    room.receive(ann, "fly", { up: true });
    expect(ann.received[0]).toMatchObject({ type: "error", payload: { code: "unknown_message_type" } });
    expect(ann.closedWith).toBe(4400);
  });

  it("answers a tile off the map with out_of_bounds and keeps the player connected", () => {
    const ann = room.join("ann", room.spawn.x, room.spawn.y);
    room.receive(ann, "move_to", { x: 100_000, y: 0 });
    expect(ann.received[0]).toMatchObject({ type: "error", payload: { code: "out_of_bounds", type: "move_to" } });
    expect(ann.closedWith).toBeUndefined();
  });

  it("a leaving player is gone from the state, and its last position is handed back", () => {
    room.join("ann", room.spawn.x, room.spawn.y);
    expect(room.core.leave("ann")).toMatchObject({ x: room.spawn.x, y: room.spawn.y });
    expect(room.core.state.players.has("ann")).toBe(false);
  });
});
