import { matchMaker } from "@colyseus/core";

/** The live room of each world that has one: world id to room id. */
export async function worldRooms(roomName: string): Promise<Map<string, string>> {
  const rooms = await matchMaker.query({ name: roomName });
  return new Map(rooms.map((room) => [String((room.metadata as { world?: string } | undefined)?.world), room.roomId]));
}

/** Has a world's live room, if any, rebuild its agents from the database (after a load); false when the world has no room. */
export async function reloadLiveAgents(roomName: string, worldId: string): Promise<boolean> {
  const roomId = (await worldRooms(roomName)).get(worldId);
  if (roomId) await matchMaker.remoteRoomCall(roomId, "adminReloadAgents", []);
  return Boolean(roomId);
}
