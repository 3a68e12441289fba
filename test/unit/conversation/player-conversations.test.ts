import { describe, expect, it } from "vitest";
import type { PlayerRef } from "../../../agents/conversation/social-context.ts";
import type { ReplyContext } from "../../../agents/conversation/reply-task.ts";
import { createOfflineProvider } from "../../../src/llm/offline-provider.ts";
import type { LlmProvider, LlmResult, TextTask } from "../../../src/llm/task.ts";
import { profile, World } from "./social-world.ts";

const ann: PlayerRef = { characterId: "c-ann", sessionId: "s-ann", name: "Ann" };

/** A model that answers every reply "Noted.", records what it heard, and holds its answers while `hold` is set. */
class HeldModel implements LlmProvider {
  readonly name = "openai" as const;
  readonly model = "held";
  readonly heard: string[] = [];
  private release: (() => void) | undefined;
  private gate: Promise<void> | undefined;
  private readonly offline = createOfflineProvider();

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  letGo(): void {
    this.gate = undefined;
    this.release?.();
  }

  run: LlmProvider["run"] = (task, context, options) => this.offline.run(task, context, options);

  async stream<Context>(_task: TextTask<Context>, context: Context, onChunk: (chunk: string) => void): Promise<LlmResult<string>> {
    this.heard.push((context as ReplyContext).playerLine);
    await this.gate;
    onChunk("Noted.");
    return { value: "Noted.", status: "ok", attempts: 1, usage: { provider: "openai", model: this.model, tokensIn: 1, tokensOut: 1, latencyMs: 0, costUsd: 0 } };
  }
}

/** Resolves once `holds` is true, checking after each turn of the event loop (the model is in memory). */
async function until(holds: () => boolean): Promise<void> {
  while (!holds()) await new Promise((resolve) => setImmediate(resolve));
}

const replies = (world: World) => world.lines.filter((line) => line.speaker === "lina");

describe("a player talking to an agent", () => {
  it("lines said while a reply is pending are answered together by the next reply, which hears them all", async () => {
    const model = new HeldModel();
    const world = new World({}, [profile("lina")], { llm: model });
    model.hold();
    await world.players.said(ann, "lina", "Hello Lina.");
    await until(() => model.heard.length === 1);
    await world.players.said(ann, "lina", "Lovely flowers.");
    await world.players.said(ann, "lina", "Are they for sale?");
    model.letGo();
    await world.settle();

    expect(model.heard).toEqual(["Hello Lina.", "Lovely flowers.\nAre they for sale?"]);
    expect(replies(world).map((line) => line.context)).toEqual([
      { from: "model", answered: 1, memories: [] },
      { from: "model", answered: 2, memories: [] },
    ]);
    expect(world.lines.filter((line) => line.speaker === ann.characterId)).toHaveLength(3);
    // Each reply recalls with the player's words and name, before the line that starts it is stored as a memory.
    expect(world.recalls.map(({ query, stored }) => ({ query, stored }))).toEqual([
      { query: "Hello Lina. | Ann", stored: [] },
      { query: "Lovely flowers. | Ann", stored: ['Ann said to me: "Hello Lina."'] },
      // Another line came before that reply began: it answers both, with a recall for both.
      { query: "Lovely flowers. | Are they for sale? | Ann", stored: ['Ann said to me: "Hello Lina."', 'Ann said to me: "Lovely flowers."', 'Ann said to me: "Are they for sale?"'] },
    ]);
  });

  it("past the player's reply budget the agent answers in character without asking the model, and the line is stored", async () => {
    const model = new HeldModel();
    const world = new World({}, [profile("lina")], { llm: model, replyBudget: { perRealMinute: 2, perGameHour: 60 } });
    for (const line of ["One.", "Two.", "Three."]) {
      await world.players.said(ann, "lina", line);
      await world.settle();
    }

    expect(model.heard).toEqual(["One.", "Two."]);
    const third = replies(world)[2]!;
    expect(third.context).toEqual({ from: "budget", answered: 1, memories: [] });
    expect(third.text).toMatch(/Ann/);
    expect(world.chat.filter((line) => !line.partial).map((line) => line.text)).toEqual(["Noted.", "Noted.", third.text]);
  });

  it("without a model, the same question twice in a day gets a different line, in a later conversation too; a question about another agent gets who they are", async () => {
    const world = new World({}, [profile("lina", { role: "gardener", relationships: { mara: "friend: old friends" } }), profile("mara", { role: "miller" })]);
    const ask = async (line: string) => {
      await world.players.said(ann, "lina", line);
      await world.settle();
      return replies(world).at(-1)!.text;
    };
    const first = await ask("How are you today?");
    await ask("Goodbye!");
    expect(world.closed).toEqual([expect.objectContaining({ reason: "agent_ended" })]);
    const again = await ask("How are you today?");
    expect(again).not.toBe(first);
    for (const reply of [first, again]) expect(reply).toMatch(/\bworking\b/);
    expect(await ask("Who is Mara?")).toMatch(/^Mara( is|\?) (the|The) miller\b.*\bfriend\b/);
  });
});
