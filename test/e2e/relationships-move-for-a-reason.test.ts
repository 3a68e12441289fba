import type { Room } from "@colyseus/sdk";
import { describe, expect, it } from "vitest";
import { ChatLog } from "../support/chat-log.ts";
import { conversationServerForSuite } from "../support/conversation-world.ts";
import { backend } from "../support/database.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";

interface WorldView { agents: Map<string, unknown> }

describe(`relationships move for what was said, not for talking (offline mind, ${backend})`, () => {
  const suite = conversationServerForSuite();

  /** Joins as `name` and has one conversation with Lina per list of lines, each closed by a goodbye. */
  async function talkToLina(name: string, conversations: string[][]): Promise<Room> {
    const room = await suite.server.client().joinOrCreate<WorldView>("world", { name });
    await waitForState(room, (state) => state.agents.size === 3);
    const chat = new ChatLog(room);
    const errors: unknown[] = [];
    room.onMessage("error", (error) => errors.push(error));
    for (const lines of conversations) {
      for (const text of lines) {
        const before = chat.messages.length;
        room.send("say", { text, to: "lina" });
        const { conversationId } = await nextMessage(room, "said").catch((error: Error) => {
          throw new Error(`${error.message}; errors: ${JSON.stringify(errors)}`);
        });
        await chat.waitFor((m) => chat.messages.indexOf(m) >= before && !m.partial && m.speakerId === "lina" && m.conversationId === conversationId, `Lina's answer to ${name}'s "${text}"`, 20_000);
      }
    }
    return room;
  }

  it("a kind player ends above one who only asked for news six times, who ends above a rude one", async () => {
    const pool = suite.server.game.db.pool;
    const kind = await talkToLina("Kindly", [["Thank you for the roses, that's so kind of you!", "Goodbye, Lina!"]]);
    const plain = await talkToLina("Plainly", Array.from({ length: 6 }, () => ["Any news in town?", "Goodbye, Lina!"]));
    const rude = await talkToLina("Rudely", [["You're useless."]]);

    const feelings = await waitFor(
      () =>
        pool
          .query<{ name: string; affection_score: number; trust_level: number; interaction_frequency: number; relationship_type: string }>(
            `SELECT c.character_name AS name, r.affection_score, r.trust_level, r.interaction_frequency, r.relationship_type
               FROM agent_player_relationships r JOIN characters c ON c.id = r.character_id WHERE r.agent_id = 'lina'`,
          )
          .then((result) => new Map(result.rows.map((row) => [row.name, row]))),
      (rows) => rows.get("Kindly")?.interaction_frequency === 1 && rows.get("Plainly")?.interaction_frequency === 6 && rows.get("Rudely")?.interaction_frequency === 1,
      "Lina's feelings after every conversation",
      30_000,
    );
    const [kindly, plainly, rudely] = ["Kindly", "Plainly", "Rudely"].map((name) => feelings.get(name)!);
    // Six conversations without a warm or a cold word leave Lina where she started.
    expect(plainly).toMatchObject({ affection_score: 0, trust_level: 50, relationship_type: "acquaintance" });
    expect(kindly!.affection_score).toBeGreaterThan(plainly!.affection_score);
    expect(rudely!.affection_score).toBeLessThan(plainly!.affection_score);
    expect(rudely!.trust_level).toBeLessThan(plainly!.trust_level);
    // One conversation moves feelings at most 10 points.
    expect(kindly!.affection_score).toBeLessThanOrEqual(10);
    expect(rudely!.affection_score).toBeGreaterThanOrEqual(-10);

    // The reasons are remembered in Lina's words (written just after the feelings).
    const reasons = [/toward Kindly grew warmer: Kindly thanked me/, /toward Rudely cooled: Rudely was rude to me/, /toward Plainly stayed the same: Nothing Plainly said moved me either way/];
    await waitFor(
      () => pool.query<{ content: string }>("SELECT content FROM agent_memories WHERE agent_id = 'lina' AND memory_type = 'feeling'").then((r) => r.rows.map((row) => row.content)),
      (contents) => reasons.every((reason) => contents.some((content) => reason.test(content))),
      "Lina's reasons for her feelings",
    );
    await Promise.all([kind.leave(), plain.leave(), rude.leave()]);
  });

  it("keeps the designer's description beside the summary of the latest talk", async () => {
    const eve = await suite.server.client().joinOrCreate<WorldView>("world", { name: "Eve" });
    const pool = suite.server.game.db.pool;
    const bond = await waitFor(
      () => pool.query("SELECT description, summary, interaction_frequency FROM agent_relationships WHERE agent_id = 'mara' AND other_agent_id = 'otto'").then((r) => r.rows[0]),
      (row) => row.interaction_frequency >= 1,
      "Mara's feelings after talking with Otto",
      30_000,
    );
    expect(bond.description).toBe("otto and I go way back.");
    expect(bond.summary).toMatch(/Otto/);
    await eve.leave();
  });
});
