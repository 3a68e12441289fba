import { adminToken, postJson } from "./accounts.ts";
import { ChatLog } from "./chat-log.ts";
import type { RunningServer } from "./game-server.ts";
import { nextMessage, waitForState } from "./room-state.ts";
import { waitFor } from "./wait-for.ts";
import { walkUpTo } from "./walk-up-to.ts";

export const SECRET = "someone@example.com";

export interface Guest {
  characterId: string;
  name: string;
}

/**
 * In the conversation world: a guest walks up to Lina, tells her "my email is someone@example.com",
 * walks on, and leaves after an admin moved the clock an hour on. Resolves once Lina has stored the line, a sighting of the guest and a relationship
 * with the guest's character.
 */
export async function guestTellsLinaASecret(server: RunningServer, name: string): Promise<Guest> {
  const room = await server.client().joinOrCreate<any>("world", { name });
  const welcome = await nextMessage(room, "welcome");
  const chat = new ChatLog(room);
  await waitForState(room, (state) => state.agents.size === 3);
  await walkUpTo(room, "lina");
  room.send("say", { text: `my email is ${SECRET}`, to: "lina", clientMessageId: `${name}-secret` });
  await chat.waitFor((message) => !message.partial && message.speakerId === "lina", "Lina's answer");
  room.send("move_to", { x: 2, y: 2 });
  // Sightings are stored in batches, at the latest a game hour after the first: move the clock past it.
  const pool = server.game.db.pool;
  const clock = await postJson(`${server.httpUrl}/admin/worlds/meadow/clock`, { gameTime: room.state.gameTime + 3_700 }, await adminToken(server.httpUrl, pool, "clock_keeper"));
  if (clock.status !== 200) throw new Error(`moving the clock: ${clock.status} ${JSON.stringify(clock.body)}`);
  await waitFor(
    () => pool.query("SELECT 1 FROM agent_memories WHERE agent_id = 'lina' AND memory_type = 'observation' AND content LIKE $1 || ' is nearby%'", [name]).then((result) => result.rowCount),
    (rows) => rows! > 0,
    "Lina's sighting of the guest stored",
  );
  await room.leave();
  await waitFor(
    () =>
      pool
        .query(
          `SELECT (SELECT count(*)::int FROM agent_memories WHERE agent_id = 'lina' AND memory_type = 'observation' AND content LIKE $2 || ' is nearby%') AS sightings,
                  (SELECT count(*)::int FROM agent_memories WHERE agent_id = 'lina' AND position($3 IN content) > 0) AS lines,
                  (SELECT count(*)::int FROM agent_player_relationships WHERE agent_id = 'lina' AND character_id = $1) AS bonds`,
          [welcome.characterId, name, SECRET],
        )
        .then((result) => result.rows[0]),
    (row) => row.sightings > 0 && row.lines > 0 && row.bonds > 0,
    "Lina remembering the guest's line, a sighting of the guest and a relationship with them",
    30_000,
  );
  return { characterId: welcome.characterId, name };
}

/** What an inspector API answer about an agent gives away of a guest: their line, sightings of them, their character id. */
export function tracesOf(guest: Guest, answer: { memories: { recent: { content: string }[]; important: { content: string }[] }; reflections: unknown[]; relationships: { otherId: string }[] }) {
  const memories = [...answer.memories.recent, ...answer.memories.important];
  return {
    lines: memories.filter((memory) => memory.content.includes(SECRET)).length + JSON.stringify(answer.reflections).split(SECRET).length - 1,
    sightings: memories.filter((memory) => memory.content.startsWith(`${guest.name} is nearby`)).length,
    characterIds: JSON.stringify(answer).split(guest.characterId).length - 1,
    playerRelationships: answer.relationships.filter((relationship) => relationship.otherId === guest.characterId).length,
  };
}
