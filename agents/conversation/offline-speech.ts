import { stableHash } from "../cognition/profile.ts";

/**
 * One of several candidate lines: where the seed points, or the next one not said already, so the
 * same question asked again gets a different line while it has one to give.
 */
export function freshLine(candidates: readonly string[], seed: string, alreadySaid: readonly string[]): string {
  const start = stableHash(seed) % candidates.length;
  for (let step = 0; step < candidates.length; step++) {
    const candidate = candidates[(start + step) % candidates.length]!;
    if (!alreadySaid.some((line) => line.includes(withoutTags(candidate)))) return candidate;
  }
  return candidates[(start + alreadySaid.length) % candidates.length]!;
}

/** A memory retold in speech: one line, ending like a sentence. */
export function retold(memory: string): string {
  const trimmed = memory.trim().replace(/\s+/g, " ");
  const sentence = /[.!?"]$/.test(trimmed) ? trimmed : `${trimmed}.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** A sentence from a phrase: capitalised, ending in `end` unless it already ends in punctuation. */
export function sentence(text: string, end = "."): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}${end}`;
}

function withoutTags(line: string): string {
  return line.replace(/\s*\[[A-Z]+[^\]]*\]\s*$/, "");
}
