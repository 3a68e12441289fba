import type { PolicyViolation } from "./content-policy.ts";
import { parseControlTags, visiblePart, type ReplyIntent } from "./reply-intent.ts";

export interface GuardedReply {
  /** The line as sent: the model's words without control tags, or the refusal that replaced them. */
  text: string;
  /** The end of the line not yet forwarded (empty after a violation): the last partial chunk. */
  tail: string;
  intent: ReplyIntent;
  violation: PolicyViolation | null;
}

/**
 * Stands between a streaming model and the player. Whole words are forwarded as they arrive, but only
 * once the whole line so far passes the content policy, and never a control tag; after a violation
 * nothing more is forwarded and the final line is the refusal, which replaces what the client showed.
 */
export class ReplyGuard {
  private raw = "";
  private forwarded = "";
  private violation: PolicyViolation | null = null;

  constructor(
    private readonly check: (line: string) => PolicyViolation | null,
    private readonly refusal: string,
  ) {}

  /** Adds a chunk from the model; returns the text to forward now ("" when nothing is safe yet). */
  push(chunk: string): string {
    this.raw += chunk;
    if (this.violation) return "";
    const lastSpace = this.raw.search(/\s\S*$/);
    if (lastSpace < 0) return "";
    const visible = visiblePart(this.raw.slice(0, lastSpace + 1));
    if (visible.length <= this.forwarded.length || !visible.startsWith(this.forwarded)) return "";
    this.violation = this.check(visible);
    if (this.violation) return "";
    const delta = visible.slice(this.forwarded.length);
    this.forwarded = visible;
    return delta;
  }

  finish(): GuardedReply {
    const { line, intent } = parseControlTags(this.raw);
    const violation = this.violation ?? this.check(line);
    if (violation) return { text: this.refusal, tail: "", intent: { kind: "none" }, violation };
    return { text: line, tail: line.startsWith(this.forwarded) ? line.slice(this.forwarded.length) : "", intent, violation: null };
  }
}
