import { MINUTES_PER_DAY } from "../../src/shared-kernel/game-time.ts";

/**
 * What an agent means to do besides speaking, written by the model (or the offline provider) as a control
 * tag after its line: [END], [REFUSE], [FOLLOW] or [MEET location H:MM]. Players never see the tags.
 */
export type ReplyIntent =
  | { kind: "none" }
  | { kind: "end" }
  | { kind: "refuse" }
  | { kind: "follow" }
  | { kind: "meet"; location: string; minuteOfDay: number };

export const CONTROL_TAG_HELP =
  "After your line you may add ONE tag on its own: [END] to end the conversation, [REFUSE] to turn down a request, [FOLLOW] to go along with the person, or [MEET location H:MM] to promise to meet them at a place and time today.";

const TAG = /\[(END|REFUSE|FOLLOW|MEET\s+([a-z0-9_]+)\s+(\d{1,2}):(\d{2}))\]/gi;

/** The line without its control tags, and the first intent they state. */
export function parseControlTags(text: string): { line: string; intent: ReplyIntent } {
  let intent: ReplyIntent = { kind: "none" };
  text.replace(TAG, (_match, tag: string, location?: string, hours?: string, minutes?: string) => {
    if (intent.kind === "none") intent = intentOf(tag, location, hours, minutes);
    return "";
  });
  return { line: withoutTags(text).trim(), intent };
}

/** Known tags removed, and the text cut at a "[" whose tag has not been closed yet (it may still be one). */
export function visiblePart(text: string): string {
  const cleaned = withoutTags(text);
  const open = cleaned.lastIndexOf("[");
  return open >= 0 && cleaned.indexOf("]", open) < 0 ? cleaned.slice(0, open) : cleaned;
}

function intentOf(tag: string, location?: string, hours?: string, minutes?: string): ReplyIntent {
  const upper = tag.toUpperCase();
  if (upper === "END") return { kind: "end" };
  if (upper === "REFUSE") return { kind: "refuse" };
  if (upper === "FOLLOW") return { kind: "follow" };
  const minuteOfDay = Number(hours) * 60 + Number(minutes);
  return minuteOfDay < MINUTES_PER_DAY && Number(minutes) < 60 ? { kind: "meet", location: location!.toLowerCase(), minuteOfDay } : { kind: "none" };
}

/** The text as players see it: tags out, whitespace runs made one space. */
function withoutTags(text: string): string {
  return text.replace(TAG, "").replace(/\s+/g, " ").trimStart();
}
