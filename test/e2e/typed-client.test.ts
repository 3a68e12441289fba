import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerMessageType, WorldRoom } from "../../clients/typescript/index.ts";
import { ServerMessages } from "../../rooms/server-messages.ts";
import { backend } from "../support/database.ts";
import { startTestServer, type RunningServer } from "../support/game-server.ts";
import { waitFor } from "../support/wait-for.ts";

describe(`a client typed with clients/typescript on ${backend}`, () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("receives state and messages exactly as the generated types declare them", async () => {
    const room = await server.client().joinOrCreate<WorldRoom>("world", { name: "Tess" });
    const received: { type: string; payload: unknown }[] = [];
    room.onMessage("*", (type, payload) => received.push({ type: String(type), payload }));
    room.send("ping", { t: 42 });
    room.send("move_to", { x: 99_999, y: 0 });
    room.send("say", { text: "Hello, anyone?", clientMessageId: "typed-client-1" });

    const kinds = (): Set<string> => new Set(received.map(({ type }) => type));
    await waitFor(async () => kinds(), (seen) => ["welcome", "pong", "error", "said"].every((type) => seen.has(type)), "welcome, pong, error and said");
    for (const { type, payload } of received) {
      expect(Object.keys(ServerMessages), `"${type}" is not a declared server message`).toContain(type);
      const parsed = ServerMessages[type as ServerMessageType].safeParse(payload);
      expect(parsed.success, `${type} ${JSON.stringify(payload)}: ${parsed.error?.message}`).toBe(true);
    }
    expect(received.find(({ type }) => type === "pong")?.payload).toMatchObject({ t: 42 });
    expect(received.find(({ type }) => type === "error")?.payload).toMatchObject({ code: "out_of_bounds", type: "move_to" });

    const state = room.state;
    expect(state.worldId).toBe("heartwood");
    const me = state.players.get(room.sessionId);
    expect(me?.name).toBe("Tess");
    expect(typeof me?.moving).toBe("boolean");
    await room.leave();
  });
});
