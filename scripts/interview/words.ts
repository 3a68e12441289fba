import { QUESTION_WORDS, STOP_WORDS } from "../../src/llm/hashing-embedder.ts";

/**
 * The words of a text that say what it is about: lower case, no stop or question words, none under three
 * letters, each cut to a crude stem ("baking", "bakes" and "bake" are all "bak") so inflections still match.
 */
export function contentWords(text: string): Set<string> {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length >= 3 && !STOP_WORDS.has(word) && !QUESTION_WORDS.has(word));
  return new Set(words.map(stem));
}

function stem(word: string): string {
  const cut = word.replace(/(ing|ed|es|s|e)$/, "");
  return cut.length >= 3 ? cut : word;
}

/** Content words of `text` that are also in `other`. */
export function shared(text: Set<string>, other: Set<string>): string[] {
  return [...text].filter((word) => other.has(word));
}

/** Whether a name (or its first word, "Finn" for "Finn Ashford") is said in the text. */
export function names(text: string, name: string): boolean {
  const first = name.trim().split(/\s+/)[0]!;
  return new RegExp(`\\b${first.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(text);
}
