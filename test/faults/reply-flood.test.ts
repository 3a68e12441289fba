import type { Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatLog } from "../support/chat-log.ts";
import { answer, streamed, type FakeOpenAiServer, type RecordedRequest } from "../support/fake-openai-server.ts";
import type { RunningServer } from "../support/game-server.ts";
import { startModelConversationServer, type ModelConversationServer } from "../support/model-conversation-server.ts";
import { modelAnswerFor } from "../support/model-answers.ts";
import { waitForState } from "../support/room-state.ts";
import { waitFor } from "../support/wait-for.ts";
import { recordAttack } from "./support/ledger.ts";

const SUITE = "player lines that buy model replies";
const SAY_EVERY_MS = 40;
const FLOOD_MS = 8_000;
const REPLIES_PER_MINUTE = 8;
const REPLIES_PER_GAME_HOUR = 12;
// The flood and its answers take less than a real minute and (at the world's 60x clock) less than a
// game hour, so each window holds all of it: the model answers at most the smaller budget.
const MODEL_REPLY_BOUND = Math.min(REPLIES_PER_MINUTE, REPLIES_PER_GAME_HOUR);

/** A model that streams every reply with a little latency, as a real one would. */
function modelBehaviour(request: RecordedRequest) {
  return request.body?.stream ? streamed(["Good ", "day ", "to ", "you."], { delayMs: 20 }) : answer(modelAnswerFor(request));
}

const isReplyCall = (request: RecordedRequest) => request.body?.stream === true;

describe(SUITE, () => {
  let model: ModelConversationServer;
  let fake: FakeOpenAiServer;
  let server: RunningServer;

  beforeAll(async () => {
    model = await startModelConversationServer(modelBehaviour, {
      PLAYER_REPLIES_PER_MINUTE: String(REPLIES_PER_MINUTE),
      PLAYER_REPLIES_PER_GAME_HOUR: String(REPLIES_PER_GAME_HOUR),
    });
    ({ fake, server } = model);
  });
  afterAll(async () => {
    await model?.stop();
  });

  it(`a say every 40 ms for 8 s buys a bounded number of model calls (at most ${MODEL_REPLY_BOUND}); every line is acknowledged and stored`, async () => {
    const room: Room<any> = await server.client().joinOrCreate("world", { name: "Chatterbox" });
    const chat = new ChatLog(room);
    await waitForState(room, (state) => state.agents.size === 3);
    const acknowledged = new Set<string>();
    const errors: unknown[] = [];
    room.onMessage("said", (message: { clientMessageId?: string }) => acknowledged.add(message.clientMessageId!));
    room.onMessage("error", (message) => errors.push(message));
    const callsBefore = fake.chatRequests().filter(isReplyCall).length;

    const started = Date.now();
    const sent: string[] = [];
    while (Date.now() - started < FLOOD_MS) {
      const id = `flood-${sent.length}`;
      room.send("say", { text: `Lina, listen, line ${sent.length}!`, to: "lina", clientMessageId: id });
      sent.push(id);
      await new Promise((resolve) => setTimeout(resolve, SAY_EVERY_MS));
    }
    const pool = server.game.db.pool;
    await waitFor(async () => acknowledged.size, (count) => count === sent.length, `all ${sent.length} lines acknowledged with "said"`, 30_000);
    const modelReplies = () => fake.chatRequests().filter(isReplyCall).length - callsBefore;
    expect(modelReplies(), "model calls for replies once every line is stored").toBeLessThanOrEqual(MODEL_REPLY_BOUND);
    const lines = async () =>
      (
        await pool.query<{ initiator_type: string; message: string; client_message_id: string | null; from: string | null; answered: number | null }>(
          "SELECT initiator_type, message, client_message_id, context->>'from' AS from, (context->>'answered')::int AS answered FROM conversation_logs WHERE conversation_id IN (SELECT conversation_id FROM conversation_logs WHERE client_message_id = 'flood-0') ORDER BY id",
        )
      ).rows;
    const answered = (rows: Awaited<ReturnType<typeof lines>>) => rows.reduce((sum, row) => sum + (row.answered ?? 0), 0);
    const stored = await waitFor(lines, (rows) => answered(rows) === sent.length, `Lina's replies to answer all ${sent.length} lines`, 30_000);
    const elapsedMs = Date.now() - started;

    const playerLines = stored.filter((row) => row.initiator_type === "player");
    const agentLines = stored.filter((row) => row.initiator_type === "agent");
    const withoutModel = agentLines.filter((row) => row.from === "budget");
    expect(elapsedMs, "the bound holds for a flood answered within a minute").toBeLessThan(60_000);
    expect(modelReplies()).toBeLessThanOrEqual(MODEL_REPLY_BOUND);
    expect(errors).toEqual([]);
    // Lines are stored as they come, concurrently: the log has every one, not necessarily in sending order.
    expect(playerLines.map((row) => row.client_message_id).sort()).toEqual([...sent].sort());
    // Lines that came while a reply was pending were answered together: fewer replies than lines.
    expect(agentLines.length).toBeLessThan(playerLines.length);
    // Past the budget Lina still answers, in character, without the model.
    expect(withoutModel.length).toBeGreaterThan(0);
    expect(chat.messages.filter((m) => !m.partial && m.speakerId === "lina").map((m) => m.text)).toContain(withoutModel[0]!.message);
    await room.leave();

    recordAttack(
      SUITE,
      "a say every 40 ms for 8 s to one agent",
      `${sent.length} lines, ${acknowledged.size} acknowledged and ${playerLines.length} stored; answered in ${agentLines.length} replies, ${modelReplies()} from the model (bound ${MODEL_REPLY_BOUND}), ${withoutModel.length} in character without it`,
      sent.length,
    );
  });
});
