import type { ContentPolicy, PolicyRule } from "../../src/content/social-settings.ts";

export interface PolicyViolation {
  rule: PolicyRule;
  /** What matched, for the log (never shown to players). */
  detail: string;
}

const OUT_OF_CHARACTER = /\b(as an? (ai|artificial intelligence|language model|assistant)|i am an ai|i'm an ai|large language model|language model|chatgpt|openai|system prompt|my (instructions|programming|prompt))\b/i;
const EMAIL = /\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/;
// Seven or more digits, allowing spaces, dots, dashes and brackets between them: phone and card numbers.
const LONG_NUMBER = /(?:\+?\d[\s().-]*){7,}\d/;
// Eight words in a row from the instructions the agent was given count as quoting them.
const LEAK_WINDOW_WORDS = 8;

/**
 * The world's content policy as one check: the first rule a line breaks, or null. `instructions` is
 * the text the model was given (its system prompt), which a line may never repeat.
 */
export class LineChecker {
  private readonly banned: RegExp | null;
  private readonly topics: RegExp | null;
  private readonly leakWindows: Set<string>;

  constructor(
    private readonly policy: ContentPolicy,
    instructions = "",
  ) {
    this.banned = wordsPattern(policy.bannedWords);
    this.topics = wordsPattern(policy.bannedTopics);
    this.leakWindows = new Set(windows(words(instructions)));
  }

  check(line: string): PolicyViolation | null {
    const word = this.banned && line.match(this.banned);
    if (word) return { rule: "banned_word", detail: word[0] };
    const topic = this.topics && line.match(this.topics);
    if (topic) return { rule: "banned_topic", detail: topic[0] };
    if (this.policy.stayInCharacter) {
      const broken = line.match(OUT_OF_CHARACTER);
      if (broken) return { rule: "out_of_character", detail: broken[0] };
    }
    if (this.policy.noPersonalData) {
      const data = line.match(EMAIL) ?? line.match(LONG_NUMBER);
      if (data) return { rule: "personal_data", detail: data[0].replace(/\w/g, "*") };
    }
    const leaked = windows(words(line)).find((window) => this.leakWindows.has(window));
    if (leaked) return { rule: "prompt_leak", detail: leaked };
    return null;
  }
}

/** What an agent says instead of a line the policy replaced: in character, addressed to the listener. */
export function inCharacterRefusal(policy: ContentPolicy, listenerName: string): string {
  const template = policy.refusal ?? "Hmm, I'd rather not talk about that, {name}. Let's speak of something else.";
  return template.replaceAll("{name}", listenerName);
}

function wordsPattern(items: readonly string[]): RegExp | null {
  if (items.length === 0) return null;
  const escaped = items.map((item) => item.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join("|")})(?![\\p{L}\\p{N}])`, "iu");
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

function windows(list: readonly string[]): string[] {
  const result: string[] = [];
  for (let i = 0; i + LEAK_WINDOW_WORDS <= list.length; i++) result.push(list.slice(i, i + LEAK_WINDOW_WORDS).join(" "));
  return result;
}
