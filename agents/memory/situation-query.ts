import { partOfDay } from "../../src/shared-kernel/game-time.ts";

/**
 * What an agent asks its memory, built from the moment it is in rather than from a fixed string: the words
 * just said with who said them; when nothing was said, what the agent has in mind or just noticed, who is
 * there, where, the part of the day and what it is doing.
 *
 * The query is embedded as one sentence, so every word added pulls it toward memories of the setting and
 * away from what was asked. When words were said, they carry the question, and only the names go with them:
 * with the place, the part of the day and the activity added as well, a question to a flower seller ("Was
 * the inn robbed? | Ann | square | morning | tend the flower stall") recalled Ann's "Good morning, Lina! Your
 * roses look lovely." above what she had said about the inn (measured in the world of
 * test/e2e/recall-what-was-told.test.ts, on both databases).
 */
export interface Situation {
  /** The words just said, newest last: they carry the question. */
  said?: readonly string[];
  /** What the agent just noticed or has in mind, when nothing was said. */
  focus?: string | null;
  /** Names of whoever the agent is with or looking at. */
  present?: readonly string[];
  /** A location id ("town_square") or name. */
  place?: string | null;
  /** Game minute of the day (0-1439). */
  minuteOfDay?: number | null;
  /** What the agent is doing. */
  activity?: string | null;
}

/**
 * The query text for a situation, parts joined by " | ": `Was the inn robbed? | Ann` when words were said,
 * `Otto is nearby, sell bread | town square | morning | tend the flower stall` when not.
 */
export function situationQuery(situation: Situation): string {
  const said = clean(situation.said ?? []);
  const present = (situation.present ?? []).join(", ");
  if (said.length > 0) return clean([...said, present]).join(" | ");
  const when = situation.minuteOfDay === null || situation.minuteOfDay === undefined ? "" : partOfDay(situation.minuteOfDay);
  return clean([situation.focus ?? "", present, situation.place?.replaceAll("_", " ") ?? "", when, situation.activity ?? ""]).join(" | ");
}

function clean(parts: readonly string[]): string[] {
  return parts.map((part) => part.replace(/\s+/g, " ").trim()).filter((part) => part.length > 0);
}
