import { describe, expect, it } from "vitest";
import { adminToken, postJson } from "../support/accounts.ts";
import { ChatLog } from "../support/chat-log.ts";
import { conversationServerForSuite } from "../support/conversation-world.ts";
import { backend } from "../support/database.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";

interface WorldView { agents: Map<string, { activity: string; x: number; y: number; direction: string; moving: boolean }>; players: Map<string, unknown> }

describe(`players talk with agents, agents talk with each other (offline mind, ${backend})`, () => {
  const suite = conversationServerForSuite();

  it("two agents who meet talk within the turn cap; nearby players see the lines; both remember and their bond changes", async () => {
    // The world runs while someone is in it: Eve stands in the square, within hearing range of both.
    const eve = await suite.server.client().joinOrCreate<WorldView>("world", { name: "Eve" });
    const chat = new ChatLog(eve);
    const pool = suite.server.game.db.pool;
    const conversation = await waitFor(
      () => pool.query("SELECT id, a_id, b_id, turns, closed_reason FROM conversations WHERE kind = 'agent_agent' AND state = 'closed'").then((r) => r.rows[0]),
      (row) => row !== undefined,
      "a finished conversation between Otto and Mara",
      30_000,
    );
    expect([conversation.a_id, conversation.b_id].sort()).toEqual(["mara", "otto"]);
    expect(conversation.turns).toBeGreaterThanOrEqual(2);
    expect(conversation.turns).toBeLessThanOrEqual(4);
    const lines = await pool.query("SELECT initiator_id, message FROM conversation_logs WHERE conversation_id = $1 ORDER BY id", [conversation.id]);
    expect(lines.rows.map((row) => row.initiator_id)).toEqual(lines.rows.map((_, index) => (index % 2 === 0 ? conversation.a_id : conversation.b_id)));
    const bonds = await waitFor(
      () => pool.query("SELECT agent_id, affection_score, interaction_frequency FROM agent_relationships WHERE agent_id IN ('mara', 'otto') ORDER BY agent_id").then((r) => r.rows),
      (rows) => rows.every((row) => row.interaction_frequency >= 1),
      "both relationships updated",
    );
    // Every line reached Eve (the last one may still be on its way when the database says closed).
    const last = lines.rows.at(-1)!;
    await chat.waitFor((m) => m.conversationId === conversation.id && m.text === last.message, "the last line at Eve");
    const heard = chat.messages.filter((m) => m.conversationId === conversation.id);
    expect(heard.length).toBe(conversation.turns);
    expect(heard.every((m) => !m.partial && (m.speakerId === "mara" || m.speakerId === "otto"))).toBe(true);
    for (const bond of bonds) expect(Math.abs(bond.affection_score - 40)).toBeLessThanOrEqual(10 * bond.interaction_frequency);
    const memories = await pool.query("SELECT agent_id FROM agent_memories WHERE memory_type = 'conversation' AND ('mara' = ANY(related_agents) OR 'otto' = ANY(related_agents))");
    expect(new Set(memories.rows.map((row) => row.agent_id))).toEqual(new Set(["mara", "otto"]));
    await eve.leave();
  });

  it("streams the reply word by word to the speaker, the final line to everyone in hearing range, after storing the line", async () => {
    const ann = await suite.server.client().joinOrCreate<WorldView>("world", { name: "Ann" });
    const bob = await suite.server.client().joinOrCreate<WorldView>("world", { name: "Bob" });
    await waitForState(ann, (state) => state.agents.size === 3);
    const annChat = new ChatLog(ann);
    const bobChat = new ChatLog(bob);
    const pool = suite.server.game.db.pool;

    ann.send("say", { text: "Good morning, Lina! Lovely flowers.", to: "lina", clientMessageId: "ann-1" });
    const said = await nextMessage(ann, "said");
    expect(said).toMatchObject({ to: "lina", clientMessageId: "ann-1", text: "Good morning, Lina! Lovely flowers." });
    const first = await annChat.waitFor((m) => m.partial && m.speakerId === "lina", "the first chunk of Lina's reply");
    expect(first.conversationId).toBe(said.conversationId);
    // Stored before the reply began: the log line and the agent's memory of it.
    const logged = await pool.query("SELECT conversation_id, initiator_type, message FROM conversation_logs WHERE client_message_id = 'ann-1'");
    expect(logged.rows).toEqual([{ conversation_id: said.conversationId, initiator_type: "player", message: "Good morning, Lina! Lovely flowers." }]);
    const remembered = await pool.query("SELECT content FROM agent_memories WHERE agent_id = 'lina' AND memory_type = 'conversation'");
    expect(remembered.rows.map((row) => row.content)).toContain('Ann said to me: "Good morning, Lina! Lovely flowers."');

    const final = await annChat.waitFor((m) => !m.partial && m.speakerId === "lina", "Lina's final line");
    expect(final.text.length).toBeGreaterThan(0);
    expect(annChat.partialsOf(final.conversationId, "lina").trim()).toBe(final.text);
    expect(annChat.messages.filter((m) => m.speakerId === "lina" && m.partial).length).toBeGreaterThan(1);
    // Bob, close by, hears Ann's line and Lina's answer, but no chunks.
    await bobChat.waitFor((m) => !m.partial && m.speakerId === "lina" && m.text === final.text, "Lina's line at Bob");
    await bobChat.waitFor((m) => m.speakerId === ann.sessionId && m.text === "Good morning, Lina! Lovely flowers.", "Ann's line at Bob");
    expect(bobChat.messages.some((m) => m.partial)).toBe(false);

    // While talking, Lina stands still facing Ann.
    const state = await waitForState(ann, (s) => s.agents.get("lina")!.activity === "talking with Ann", 5_000, "Lina talking with Ann");
    expect(state.agents.get("lina")!.moving).toBe(false);
    await ann.leave();
    await bob.leave();
  });

  it("refuses a line to an agent out of talking range, saying how close to come", async () => {
    const cy = await suite.server.client().joinOrCreate<WorldView>("world", { name: "Cy" });
    await waitForState(cy, (state) => state.agents.size === 3);
    cy.send("move_to", { x: 1, y: 13 });
    await waitForState(cy, (state) => {
      const me = state.players.get(cy.sessionId) as { x: number; y: number };
      return Math.hypot(me.x - 1, me.y - 13) < 0.5;
    }, 10_000, "Cy at (1, 13)");
    cy.send("say", { text: "Hey Lina!", to: "lina" });
    expect(await nextMessage(cy, "error")).toMatchObject({ code: "too_far", type: "say", message: expect.stringMatching(/Lina is too far away to hear you; come within 8 tiles/) });
    await cy.leave();
  });

  it("stores a retried line once and answers it once", async () => {
    const cal = await suite.server.client().joinOrCreate<WorldView>("world", { name: "Cal" });
    await waitForState(cal, (state) => state.agents.size === 3);
    const chat = new ChatLog(cal);
    cal.send("say", { text: "How much for the roses?", to: "lina", clientMessageId: "cal-1" });
    const said = await nextMessage(cal, "said");
    cal.send("say", { text: "How much for the roses?", to: "lina", clientMessageId: "cal-1" });
    expect(await nextMessage(cal, "said")).toMatchObject({ id: said.id });
    await chat.waitFor((m) => !m.partial && m.speakerId === "lina", "Lina's answer");
    const rows = await suite.server.game.db.pool.query("SELECT count(*)::int AS n FROM conversation_logs WHERE message = 'How much for the roses?'");
    expect(rows.rows[0].n).toBe(1);
    await cal.leave();
    expect(chat.messages.filter((m) => !m.partial && m.speakerId === "lina")).toHaveLength(1);
  });

  it("closes a quiet conversation when the game clock passes the timeout, and the agent goes back to its day", async () => {
    const dee = await suite.server.client().joinOrCreate<WorldView>("world", { name: "Dee" });
    await waitForState(dee, (state) => state.agents.size === 3);
    const chat = new ChatLog(dee);
    dee.send("say", { text: "Nice stall you have.", to: "lina" });
    const said = await nextMessage(dee, "said");
    await chat.waitFor((m) => !m.partial && m.speakerId === "lina", "Lina's answer");
    await waitForState(dee, (s) => s.agents.get("lina")!.activity === "talking with Dee", 5_000, "Lina talking with Dee");
    const pool = suite.server.game.db.pool;
    const open = await pool.query("SELECT state FROM conversations WHERE id = $1", [said.conversationId]);
    expect(open.rows[0].state).toBe("active");

    const token = await adminToken(suite.server.httpUrl, pool);
    const { body } = await postJson(`${suite.server.httpUrl}/admin/worlds/meadow/clock`, { speed: 60 }, token);
    const later = Math.floor(body.gameTime) + 6 * 60;
    expect((await postJson(`${suite.server.httpUrl}/admin/worlds/meadow/clock`, { gameTime: later }, token)).status).toBe(200);
    const closed = await waitFor(
      () => pool.query("SELECT state, closed_reason, summary, turns FROM conversations WHERE id = $1", [said.conversationId]).then((r) => r.rows[0]),
      (row) => row.state === "closed",
      "the conversation to close",
    );
    expect(closed).toMatchObject({ closed_reason: "timeout", turns: 2 });
    expect(closed.summary).toContain("Dee");
    await waitForState(dee, (s) => s.agents.get("lina")!.activity === "tend the flower stall", 5_000, "Lina back at her stall");
    // Her feelings toward Dee are stored, changed at most 10 points, with the reason remembered.
    const relationship = await pool.query("SELECT affection_score, trust_level, interaction_frequency FROM agent_player_relationships WHERE agent_id = 'lina'");
    expect(relationship.rows.length).toBeGreaterThan(0);
    for (const row of relationship.rows) expect(Math.abs(row.affection_score)).toBeLessThanOrEqual(10 * row.interaction_frequency);
    const reasons = await pool.query("SELECT content FROM agent_memories WHERE agent_id = 'lina' AND content LIKE 'My feelings toward Dee%'");
    expect(reasons.rows).toHaveLength(1);
    await dee.leave();
  });

});
