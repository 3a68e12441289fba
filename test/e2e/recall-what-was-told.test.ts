import { describe, expect, it } from "vitest";
import { adminToken, postJson } from "../support/accounts.ts";
import { ChatLog } from "../support/chat-log.ts";
import { conversationServerForSuite } from "../support/conversation-world.ts";
import { backend } from "../support/database.ts";
import { nextMessage, waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { walkUpTo } from "../support/walk-up-to.ts";

interface WorldView { gameTime: number; agents: Map<string, { activity: string; x: number; y: number }>; players: Map<string, { x: number; y: number }> }

const DAY = 86_400;
// Two things Ann tells Lina in passing, and a question about each that shares no content word with it.
const WOLF = { told: "A wolf was spotted near the eastern farms.", asked: "Have wild animals been seen by the fields?" };
const THIEVES = { told: "Thieves broke into the tavern cellar.", asked: "Was the inn robbed?" };

describe(`an agent recalls what it was told a day later, asked in other words (offline mind, default offline embedder, ${backend})`, () => {
  const suite = conversationServerForSuite();

  it("answers each question with the fact it is about; the next day's plans keep the promised meeting and a visit to a close friend", async () => {
    const pool = suite.server.game.db.pool;
    const ann = await suite.server.client().joinOrCreate<WorldView>("world", { name: "Ann" });
    await waitForState(ann, (state) => state.agents.size === 3);
    const chat = new ChatLog(ann);
    // Says a line and waits for the reply to it (the first final line of Lina's after it).
    const say = async (text: string) => {
      const before = chat.messages.length;
      ann.send("say", { text, to: "lina" });
      const { conversationId } = await nextMessage(ann, "said");
      const reply = await chat.waitFor((m) => chat.messages.indexOf(m) >= before && !m.partial && m.speakerId === "lina" && m.conversationId === conversationId, `Lina's answer to "${text}"`, 20_000);
      return reply.text;
    };

    // Day 1, morning: Ann chats with Lina, tells her two things in passing and asks to meet her at 7 (tomorrow's 7: today's is gone).
    await say("Good morning, Lina! Your roses look lovely.");
    await say(WOLF.told);
    await say(THIEVES.told);
    expect(await say("Meet me at the square at 7am?")).toMatch(/meet you at the square at 7:00/);
    await say("Goodbye, Lina!");

    // A game day of ordinary life goes by: the agents plan, work, notice Ann and each other, talk, reflect and review their day.
    const token = await adminToken(suite.server.httpUrl, pool);
    expect((await postJson(`${suite.server.httpUrl}/admin/worlds/meadow/clock`, { speed: 3600 }, token)).status).toBe(200);
    await waitForState(ann, (state) => state.gameTime >= DAY + 9 * 3600, 90_000, "day 2, 9:00");
    expect((await postJson(`${suite.server.httpUrl}/admin/worlds/meadow/clock`, { speed: 60 }, token)).status).toBe(200);
    await waitFor(() => pool.query("SELECT 1 FROM agent_plans WHERE agent_id = 'lina' AND plan_day = 2").then((r) => r.rows.length), (n) => n > 0, "Lina's plan for day 2");

    // Asked in other words, Lina answers each question with what she was told about it, and not with the other.
    await walkUpTo(ann, "lina", 3);
    const wolf = await say(WOLF.asked);
    expect(wolf).toContain(WOLF.told);
    expect(wolf).not.toContain(THIEVES.told);
    const thieves = await say(THIEVES.asked);
    expect(thieves).toContain(THIEVES.told);
    expect(thieves).not.toContain(WOLF.told);

    // Day 2's plans: Lina's keeps the meeting she promised Ann, Otto's a visit to Mara, his close friend.
    const plans = await pool.query<{ agent_id: string; plan_steps: { strokes: string[] } }>("SELECT agent_id, plan_steps FROM agent_plans WHERE plan_day = 2 AND agent_id IN ('lina', 'otto')");
    const strokes = (agentId: string) => plans.rows.filter((row) => row.agent_id === agentId).flatMap((row) => row.plan_steps.strokes);
    expect(strokes("lina")).toContain("7:00 meeting Ann at the square");
    expect(strokes("otto")).toContain("18:00 look in on Mara");
    await ann.leave();
  }, 180_000);
});
