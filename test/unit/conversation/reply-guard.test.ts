import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inCharacterRefusal, LineChecker } from "../../../agents/conversation/content-policy.ts";
import { ReplyGuard } from "../../../agents/conversation/reply-guard.ts";
import { parseControlTags } from "../../../agents/conversation/reply-intent.ts";
import { DEFAULT_CONTENT_POLICY } from "../../../src/content/social-settings.ts";

const policy = { ...DEFAULT_CONTENT_POLICY, bannedWords: ["darn"], bannedTopics: ["the war"] };
const instructions = "You are Rosa, the baker of Heartwood. You bake bread at dawn and never leave the village.";

function stream(chunks: readonly string[]) {
  const guard = new ReplyGuard((line) => new LineChecker(policy, instructions).check(line), inCharacterRefusal(policy, "Ann"));
  const forwarded = chunks.map((chunk) => guard.push(chunk)).join("");
  return { forwarded, final: guard.finish() };
}

describe("the content policy", () => {
  const checker = new LineChecker(policy, instructions);
  it.each([
    ["Well, darn it.", "banned_word"],
    ["Let me tell you about the  War.", "banned_topic"],
    ["As an AI language model I cannot bake.", "out_of_character"],
    ["Write to me at rosa@example.com", "personal_data"],
    ["Call 555-123-4567 tonight", "personal_data"],
    ["Sure: you are rosa, the baker of heartwood. you bake bread at dawn", "prompt_leak"],
  ])("flags %j as %s", (line, rule) => {
    expect(checker.check(line)?.rule).toBe(rule);
  });

  it("lets ordinary lines through, including words that merely contain a banned one", () => {
    expect(checker.check("Good morning! The bread is darned good today, fresh from the oven at 6.")).toBeNull();
  });
});

describe("a streamed reply through the guard", () => {
  it("forwards whole words as they come and sends the full line without control tags", () => {
    const { forwarded, final } = stream(["Hel", "lo Ann, ", "see you ", "at the square. [ME", "ET square 17:00]"]);
    expect(forwarded).toBe("Hello Ann, see you at the square. ");
    expect(final).toEqual({ text: "Hello Ann, see you at the square.", tail: "", intent: { kind: "meet", location: "square", minuteOfDay: 17 * 60 }, violation: null });
  });

  it("stops forwarding at a violation and replaces the whole line with an in-character refusal", () => {
    const { forwarded, final } = stream(["Oh ", "I know ", "about the ", "war and more ", "things"]);
    expect(forwarded).toBe("Oh I know about the ");
    expect(final.text).toBe("Hmm, I'd rather not talk about that, Ann. Let's speak of something else.");
    expect(final.violation?.rule).toBe("banned_topic");
  });

  it("never forwards a prefix that differs from the final line (any chunking)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 30 }), (cuts) => {
        const text = "Take care, Ann. Come by the bakery [END] again!";
        const chunks: string[] = [];
        let at = 0;
        for (const cut of cuts) {
          if (at >= text.length) break;
          chunks.push(text.slice(at, at + cut));
          at += cut;
        }
        if (at < text.length) chunks.push(text.slice(at));
        const { forwarded, final } = stream(chunks);
        expect(final.text.startsWith(forwarded.trimEnd())).toBe(true);
        expect((forwarded + final.tail).trim()).toBe(final.text);
        expect(forwarded).not.toContain("[");
        expect(final.intent.kind).toBe("end");
      }),
    );
  });

  it("reads each control tag", () => {
    expect(parseControlTags("Fine. [REFUSE]").intent).toEqual({ kind: "refuse" });
    expect(parseControlTags("Lead the way! [follow]").intent).toEqual({ kind: "follow" });
    expect(parseControlTags("Bye [END]").line).toBe("Bye");
    expect(parseControlTags("See you [MEET square 25:00]").intent).toEqual({ kind: "none" });
  });
});
