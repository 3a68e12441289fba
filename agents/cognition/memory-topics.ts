/**
 * What memories are about: people, places and events, most often mentioned first. A person is a name
 * the memory stream itself marks as one ("Ann said to me", "Marcus is nearby", "talked with Helena"),
 * never a word that merely opens a sentence or a quoted line ("Hello", "Thanks", "Well").
 */
export interface Topic {
  kind: "person" | "event" | "place";
  /** As said in a sentence: "Marcus", "the harvest festival", "the tavern". */
  name: string;
}

// Verbs and phrases after which a capitalised word opening a memory is someone doing something.
const PERSON_AT_START = /^([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:said|told|asked|is|was|came|gave|went|greeted|thanked|wants|looked|seemed|seems|smiled|laughed|shouted|helped|brought|bought|sold|visited|mentioned|promised|left|arrived)\b/;
// Capitalised words that are not names even in the middle of a sentence.
const NOT_NAMES = new Set(
  "I I'm I've I'll My Mr Mrs Ms Dr He She It We You They There This That These Those The Everyone Everybody Someone Somebody Anyone Nobody People Nothing Something Today Tomorrow Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December God Lord Day".split(" "),
);
const EVENTS = "festival|fair|fire|wedding|storm|flood|market|party|funeral|fight|quarrel|illness|fever|sickness|harvest|election|dance|feast|celebration|accident|theft|robbery|arrival|birth|contest|competition|race|concert|service|council meeting";
// An event noun, perhaps named by the word before it or by another event noun ("harvest festival").
const EVENT = new RegExp(`\\b(?:([a-z]+) )?((?:${EVENTS})(?: (?:${EVENTS}))?)\\b`, "gi");
// Words before an event noun that do not name the event ("the fair", "a fight").
const NOT_EVENT_NAMES = new Set("the a an this that these those at to of for about in on my our his her their your is was big new old last next any some no from".split(" "));

/** The topics of `texts` with how many texts mention each, most mentioned first, then people, events, places. */
export function topicsOf(texts: readonly string[], places: readonly string[], self: string): Topic[] {
  const people = new Set<string>();
  for (const text of texts) for (const name of namesIn(text)) if (name !== self) people.add(name);
  const counts = new Map<string, { topic: Topic; count: number }>();
  const count = (topic: Topic) => {
    const key = `${topic.kind}:${topic.name.toLowerCase()}`;
    const entry = counts.get(key) ?? { topic, count: 0 };
    entry.count++;
    counts.set(key, entry);
  };
  for (const text of texts) {
    const mentioned = new Map<string, Topic>();
    for (const person of people) if (new RegExp(`\\b${person}\\b`).test(text)) mentioned.set(`person:${person}`, { kind: "person", name: person });
    for (const event of eventsIn(text)) mentioned.set(`event:${event}`, { kind: "event", name: `the ${event}` });
    for (const place of places) if (namesPlace(text, place)) mentioned.set(`place:${place}`, { kind: "place", name: `the ${place.replaceAll("_", " ")}` });
    for (const topic of mentioned.values()) count(topic);
  }
  const order = { person: 0, event: 1, place: 2 };
  return [...counts.values()].sort((a, b) => b.count - a.count || order[a.topic.kind] - order[b.topic.kind] || a.topic.name.localeCompare(b.topic.name)).map((entry) => entry.topic);
}

/** Names the text marks as people: who opens it doing something, and capitalised words inside a sentence. */
function namesIn(text: string): string[] {
  const names: string[] = [];
  const opener = PERSON_AT_START.exec(text.trim())?.[1];
  if (opener && !NOT_NAMES.has(opener.split(" ")[0]!)) names.push(opener);
  // Inside a sentence: after a lowercase word; not after sentence punctuation, an opening quote or a comma
  // ("Hello, Thanks for the bread" is an interjection, not a person called Thanks).
  for (const match of text.matchAll(/(?<=\b[a-z]+ )([A-Z][a-z]{2,})\b/g)) if (!NOT_NAMES.has(match[1]!)) names.push(match[1]!);
  return names;
}

function eventsIn(text: string): string[] {
  const events: string[] = [];
  for (const match of text.matchAll(EVENT)) {
    const before = match[1]?.toLowerCase();
    const noun = match[2]!.toLowerCase();
    events.push(before && !NOT_EVENT_NAMES.has(before) && !/(ed|ly)$/.test(before) ? `${before} ${noun}` : noun);
  }
  return events;
}

function namesPlace(text: string, place: string): boolean {
  const name = place.replaceAll("_", " ").toLowerCase();
  const head = name.split(" ").at(-1)!;
  const lower = text.toLowerCase();
  return new RegExp(`\\b${name}\\b`).test(lower) || new RegExp(`\\bthe ${head}\\b`).test(lower);
}
