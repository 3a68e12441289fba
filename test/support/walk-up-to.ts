import type { Room } from "@colyseus/sdk";

interface Positioned {
  x: number;
  y: number;
}

/** Walks the player next to an agent (following it if it moves), through `move_to` as a client would. */
export async function walkUpTo<S extends { agents: Map<string, Positioned>; players: Map<string, Positioned> }>(room: Room<any, S>, agentId: string, withinTiles = 2, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const agent = room.state.agents.get(agentId);
    const me = room.state.players.get(room.sessionId);
    if (agent && me && Math.hypot(agent.x - me.x, agent.y - me.y) <= withinTiles) return;
    if (agent) room.send("move_to", { x: Math.round(agent.x), y: Math.round(agent.y) });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`could not walk up to ${agentId} within ${timeoutMs} ms`);
}
