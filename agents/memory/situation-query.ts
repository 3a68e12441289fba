/**
 * What an agent asks its memory, built from the moment it is in rather than from a fixed string: the
 * words just said (or what it just noticed) first, then who is there, where, when, and what it is doing.
 * The words come first and the rest stays short (names and a few words, no filler), because the query is
 * embedded as one sentence: every word it adds pulls the vector toward memories of the setting and away
 * from what was asked, and a question must still find its answer.
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

/** The query text for a situation, e.g. `Any word about the well? | Ann | town square | morning | tend the flower stall`. */
export function situationQuery(situation: Situation): string {
  const parts = [
    ...(situation.said ?? []),
    situation.focus ?? "",
    (situation.present ?? []).join(", "),
    situation.place ? situation.place.replaceAll("_", " ") : "",
    situation.minuteOfDay === null || situation.minuteOfDay === undefined ? "" : partOfDay(situation.minuteOfDay),
    situation.activity ?? "",
  ];
  return parts
    .map((part) => part.replace(/\s+/g, " ").trim())
    .filter((part) => part.length > 0)
    .join(" | ");
}

/** The part of the day a game minute falls in, as a person would name it. */
export function partOfDay(minuteOfDay: number): string {
  const hour = Math.floor((((minuteOfDay % 1440) + 1440) % 1440) / 60);
  if (hour < 5) return "night";
  if (hour < 12) return "morning";
  if (hour < 17) return "afternoon";
  if (hour < 21) return "evening";
  return "night";
}
