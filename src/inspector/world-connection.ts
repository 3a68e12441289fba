import { Client, type Room } from "@colyseus/sdk";
import { savedToken } from "./api.ts";

export interface Entity { x: number; y: number; name: string; direction: string; moving: boolean }
export interface AgentEntity extends Entity { id: string; role: string; activity: string; location: string; mood: string; energy: number }
export interface ViewState {
  worldId: string;
  worldName: string;
  gameTime: number;
  clockSpeed: number;
  agents: { forEach(callback: (agent: AgentEntity, id: string) => void): void; get(id: string): AgentEntity | undefined; size: number };
  players: { forEach(callback: (player: Entity, id: string) => void): void; get(id: string): Entity | undefined; size: number };
}

export interface Welcome { sessionId: string; characterId: string; name: string; role: "guest" | "player" | "admin"; guestToken?: string }

const GUEST_KEY = "lw-inspector-guest";

/**
 * Joins the world as an ordinary client: with the saved account token, or as the same guest as last time.
 * `?world=` picks a world other than the server's default, `?name=` names a new guest.
 */
export async function joinWorld(): Promise<{ room: Room<ViewState>; welcome: Promise<Welcome> }> {
  const params = new URLSearchParams(location.search);
  const client = new Client(location.origin);
  const token = savedToken();
  const guestToken = localStorage.getItem(GUEST_KEY) ?? undefined;
  const options = {
    ...(params.get("world") ? { world: params.get("world")! } : {}),
    ...(token ? { token } : guestToken ? { guestToken } : { name: params.get("name") ?? "Inspector" }),
  };
  let room: Room<ViewState>;
  try {
    room = await client.joinOrCreate<ViewState>("world", options);
  } catch (error) {
    // A guest token from another world or server is refused: come in as a new guest instead.
    if (!("guestToken" in options)) throw error;
    localStorage.removeItem(GUEST_KEY);
    const { guestToken: _dropped, ...fresh } = options;
    room = await client.joinOrCreate<ViewState>("world", { ...fresh, name: params.get("name") ?? "Inspector" });
  }
  const welcome = new Promise<Welcome>((resolve) => {
    room.onMessage("welcome", (message: Welcome) => {
      if (message.guestToken) localStorage.setItem(GUEST_KEY, message.guestToken);
      resolve(message);
    });
  });
  return { room, welcome };
}
