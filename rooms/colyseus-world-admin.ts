import { matchMaker } from "@colyseus/core";
import type { WorldAdmin } from "./world-admin.ts";
import type { WorldRoom } from "./world-room.ts";

type AdminMethod = Extract<keyof WorldRoom, `admin${string}`>;
type AdminCall<M extends AdminMethod> = WorldRoom[M] extends (...args: infer A) => infer R ? { args: A; result: Awaited<R> } : never;

// Colyseus reaches a room in another process by the name of its method: the name, its arguments and its
// result are checked against WorldRoom here, the one place that names them.
function callRoom<M extends AdminMethod>(roomId: string, method: M, ...args: AdminCall<M>["args"]): Promise<AdminCall<M>["result"]> {
  return matchMaker.remoteRoomCall<WorldRoom, M>(roomId, method, args);
}

/** The world rooms registered as `roomName`, reached through Colyseus' matchmaker (its presence spans processes). */
export function colyseusWorldAdmin(roomName: string): WorldAdmin {
  const liveRooms = async () => {
    const rooms = await matchMaker.query({ name: roomName });
    return new Map(rooms.map((room) => [String((room.metadata as { world?: string } | undefined)?.world), room.roomId]));
  };
  return {
    liveRooms,
    async setClock(worldId, change) {
      const roomId = (await liveRooms()).get(worldId);
      return roomId ? callRoom(roomId, "adminSetClock", change) : undefined;
    },
    async reloadAgents(worldId) {
      const roomId = (await liveRooms()).get(worldId);
      if (roomId) await callRoom(roomId, "adminReloadAgents");
      return Boolean(roomId);
    },
  };
}
