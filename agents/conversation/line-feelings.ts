import type { FeelingChange } from "./relationship-rules.ts";

// What moves an agent's feelings under the offline provider, read from the other's lines. Each cue counts once per line.
const CUES: { pattern: RegExp; affection: number; trust: number; reason: string }[] = [
  { pattern: /\b(thank(s| you)|grateful|appreciate|kind of you|so kind)\b/i, affection: 3, trust: 1, reason: "thanked me" },
  { pattern: /\b(lovely|wonderful|brilliant|you'?re (great|kind|the best|a good \w+)|well done|i like you|love (your|the|it|this)|beautiful work|delicious)\b/i, affection: 3, trust: 0, reason: "was kind to me" },
  { pattern: /\b(sorry|apologi[sz]e|my apologies|forgive me)\b/i, affection: 1, trust: 2, reason: "apologised" },
  { pattern: /\b(i'?ll help|i can help|let me help|happy to help|i'?ll bring|i promise)\b/i, affection: 2, trust: 2, reason: "offered to help" },
  { pattern: /\b(stupid|idiot|hate you|shut up|ugly|useless|dumb|fool|pathetic|go away|leave me alone)\b/i, affection: -5, trust: -3, reason: "was rude to me" },
  { pattern: /\b(liar|you lied|lying to me|cheat(ed|er)?|i'?ll hurt you|threat\w*)\b/i, affection: -3, trust: -5, reason: "would not be trusted" },
];

export interface LineFeelings extends FeelingChange {
  /** What the other did, in the agent's words ("thanked me", "was rude to me"), or empty when nothing moved it. */
  reasons: string[];
}

/**
 * How the other's lines move the agent's feelings: kindness, thanks, apologies and offers of help warm
 * them, rudeness and lies cool them; questions, news and greetings carry no warmth and change nothing.
 */
export function feelingsFromLines(lines: readonly string[]): LineFeelings {
  const result: LineFeelings = { affectionChange: 0, trustChange: 0, reasons: [] };
  for (const line of lines) {
    for (const cue of CUES) {
      if (!cue.pattern.test(line)) continue;
      result.affectionChange += cue.affection;
      result.trustChange += cue.trust;
      if (!result.reasons.includes(cue.reason)) result.reasons.push(cue.reason);
    }
  }
  return result;
}
