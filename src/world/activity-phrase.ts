/**
 * Designer activities ("buy fish", "lunch at the tavern", "open shop, light forge", "morning prayers")
 * turned into phrases that fit a sentence: `doing` after "I'm", "I've been", "<Name> is" ("buying fish",
 * "having lunch at the tavern", "at morning prayers"), `base` after "I'll", "I want to" ("buy fish",
 * "have lunch at the tavern", "be at morning prayers"). A location is added only when the activity
 * does not already say where it happens.
 */
export interface ActivityPhrase {
  doing: string;
  base: string;
}

// Verbs activities start with. An unknown first word is read as a noun, which always gets a verb of its own.
const VERBS = new Set(
  (
    "add address air answer arrange ask attend bake balance bathe begin bless borrow bring brew build buy call canvass carry carve catalogue change chat " +
    "check chop churn clean clear close collect cook copy count cut dance deliver dig dine do draw dress drink drive dust eat empty feed fetch fill " +
    "find finish fish fix fold forge gather get give go grade greet grind grow guard harvest have hang haul head help hold host hunt inspect iron " +
    "jog join keep knead knit label lead learn leave lend light listen load lock look make meet mend milk mind mix mop mow nap open pack paint patch " +
    "patrol pay pick plan plant play plough plow polish post pour practise practice pray preach prepare press prune pull put queue rake read " +
    "receive repair rest restock return ride ring roast run saw say scrub see sell send serve set sew shear shoe shop sing sit sketch sleep smoke " +
    "sort sow speak split share socialize socialise gossip mingle relax drink sharpen spend stroll wander hammer heal treat nurse examine settle unlock start stack stay stir stock stop study sweep swim take talk teach tend test tidy tie trade train travel tune unload " +
    "visit wait wake walk wash watch water weave weed welcome whittle wipe work write"
  ).split(" "),
);
// Words ending in -ing that are not a verb's -ing form.
const NOT_GERUNDS = new Set("morning evening spring nothing something anything everything king ring string wing building ceiling wedding pudding sibling lightning during herring clothing offering".split(" "));
const PREPOSITIONS = new Set("at in on with to for by from about near of around".split(" "));
const TIMES_OF_DAY = new Set("morning afternoon evening night day midday noon dawn dusk".split(" "));
const MEALS = new Set("breakfast brunch lunch tea supper dinner meal picnic snack coffee drinks drink".split(" "));
// Places an activity may be named after ("tavern"): the agent is there.
const PLACES = new Set("tavern inn pub shop store market library chapel bakery forge smithy docks harbour harbor farm square park clinic well mill field fields stable stables".split(" "));
const GAMES = new Set("chess cards dice darts checkers draughts games".split(" "));
// Gatherings one is "at"; those in the first set take "the".
const GATHERINGS_WITH_THE = new Set("meeting market festival fair party dance service council gathering feast auction assembly".split(" "));
const GATHERINGS = new Set("prayers prayer mass vespers worship hour night lessons lesson class classes school church choir practice rehearsal court".split(" "));
const ROOMS = new Set("room office kitchen study cellar workshop garden yard attic loft".split(" "));
// Nouns of work, with the verb that does them.
const CHORE_VERBS: Record<string, string> = { calls: "make", call: "make", errands: "run", rounds: "do", round: "do", work: "do", paperwork: "do", chores: "do", laundry: "do", accounts: "do", homework: "do", housework: "do", repairs: "do", shopping: "do", appointments: "see", visits: "pay", duty: "be on" };

// Verbs of two syllables stressed on the last, which double the final consonant like one-syllable verbs.
const STRESSED_LAST = new Set("begin patrol control admit commit regret occur refer prefer compel permit".split(" "));

const GERUND_TO_BASE = new Map([...VERBS].map((verb) => [gerundOf(verb), verb]));

/** The activity in the two forms sentences need, with the location added when the activity does not name a place. */
export function phraseActivity(activity: string, location?: string | null): ActivityPhrase {
  const parts = clausesOf(normalise(activity)).map(phrasePart);
  const phrase = parts.length > 0 ? { doing: spokenList(parts.map((part) => part.doing)), base: spokenList(parts.map((part) => part.base)) } : { doing: "getting on with my day", base: "get on with my day" };
  const where = location && !namesAPlace(phrase.doing, location) ? ` at ${placeName(location)}` : "";
  return { doing: phrase.doing + where, base: phrase.base + where };
}

/** " at the docks" after an activity written as a note ("12:00 buy fish at the docks"), or "" when the activity already says where. */
export function placeSuffix(activity: string, location: string | null): string {
  return location && !namesAPlace(normalise(activity), location) ? ` at ${placeName(location)}` : "";
}

/** A location id as said in a sentence: "town_square" is "the town square". */
export function placeName(location: string): string {
  const name = location.replaceAll("_", " ").trim();
  return /^(the|home)\b/i.test(name) ? name : `the ${name}`;
}

/** Whether the phrase already says where (it names the location, or a place of its own). */
function namesAPlace(doing: string, location: string): boolean {
  const lower = ` ${doing.toLowerCase()} `;
  if (/^ (at|in) /.test(lower) || /\b(at|in|into|from|inside|outside) (the|home|church|school|bed)\b|\b(to|towards?)\b|\bhome\b/.test(lower)) return true;
  const words = location.toLowerCase().split(/[_\s]+/).filter((word) => word.length > 2);
  const head = words.at(-1)?.replace(/s$/, "");
  return head !== undefined && new RegExp(`\\b${head}s?\\b`).test(lower);
}

function normalise(activity: string): string {
  const text = activity
    .trim()
    .replace(/[.!?;:,]+$/, "")
    // "walking to square" (a location id at the end): "walking to the square", "walking home".
    .replace(/\bto home$/, "home")
    .replace(/\bto (?!(the|a|an|my|his|her|their|our|your)\b)([a-z][a-z_]*)$/, "to the $2")
    .replaceAll("_", " ")
    .replace(/\s+/g, " ");
  const first = text.split(" ")[0] ?? "";
  // A model may write "Kneading dough": the first word is lowered unless it is a name.
  const lower = first.toLowerCase();
  return first !== lower && (VERBS.has(lower) || GERUND_TO_BASE.has(lower) || isNounWord(lower)) ? lower + text.slice(first.length) : text;
}

/** "wake up, read the post" and "close up and sleep" are two things done one after the other. */
function clausesOf(text: string): string[] {
  return text
    .split(/\s*[,;]\s*|\s+then\s+/)
    .flatMap(splitOnAnd)
    .map((clause) => clause.trim())
    .filter(Boolean);
}

function splitOnAnd(clause: string): string[] {
  const pieces = clause.split(/\s+and\s+/);
  const clauses: string[] = [pieces[0]!];
  for (const piece of pieces.slice(1)) {
    const next = piece.split(" ")[0]!.toLowerCase();
    if (VERBS.has(next) || isGerund(next)) clauses.push(piece);
    else clauses[clauses.length - 1] += ` and ${piece}`;
  }
  return clauses;
}

function phrasePart(part: string): ActivityPhrase {
  const words = part.split(" ");
  const first = words[0]!.toLowerCase();
  const rest = words.slice(1).join(" ");
  if (VERBS.has(first)) return { doing: join(gerundOf(first), rest), base: join(first, rest) };
  // "reading room" is a place, not something read.
  if (isGerund(first) && !ROOMS.has(words[1]?.toLowerCase() ?? "")) return { doing: part, base: gerundBase(first, rest) };
  return phraseNoun(words);
}

/** A noun phrase ("lunch at the tavern", "morning prayers", "orchard work") given the verb it needs. */
function phraseNoun(words: string[]): ActivityPhrase {
  const split = words.findIndex((word, index) => index > 0 && PREPOSITIONS.has(word.toLowerCase()));
  const noun = split > 0 ? words.slice(0, split) : words;
  const tail = split > 0 ? words.slice(split).join(" ") : "";
  const head = noun.at(-1)!.toLowerCase();
  const text = words.join(" ");
  const nounText = noun.join(" ");
  if (noun.length === 1 && TIMES_OF_DAY.has(head) && tail) return verbed("spend", `the ${text}`);
  if (noun.length > 1 && TIMES_OF_DAY.has(head)) return verbed("spend", text);
  const timeless = noun.filter((word) => !TIMES_OF_DAY.has(word.toLowerCase()));
  // "afternoon fishing": the time is the schedule's; what is done is the fishing.
  if (timeless.length === 1 && isGerund(timeless[0]!.toLowerCase())) return { doing: join(timeless[0]!, tail), base: gerundBase(timeless[0]!.toLowerCase(), tail) };
  if (MEALS.has(head)) return verbed("have", text);
  if (GAMES.has(head)) return verbed("play", text);
  if (GATHERINGS_WITH_THE.has(head)) return at(`the ${text}`);
  if (GATHERINGS.has(head)) return at(text);
  if (head === "home") return at(text);
  if (PLACES.has(head)) return at(`the ${text}`);
  if (ROOMS.has(head)) return { doing: join(`in the ${nounText}`, tail), base: join(`be in the ${nounText}`, tail) };
  const chore = CHORE_VERBS[head];
  if (chore) return verbed(chore, text);
  return { doing: `busy with ${text}`, base: `be busy with ${text}` };
}

function verbed(verb: string, object: string): ActivityPhrase {
  const [word, ...more] = verb.split(" ");
  return { doing: join([gerundOf(word!), ...more].join(" "), object), base: join(verb, object) };
}

function at(place: string): ActivityPhrase {
  return { doing: `at ${place}`, base: `be at ${place}` };
}

function gerundBase(gerund: string, rest: string): string {
  const verb = GERUND_TO_BASE.get(gerund);
  return verb ? join(verb, rest) : join(`be ${gerund}`, rest);
}

function isGerund(word: string): boolean {
  return word.length > 4 && word.endsWith("ing") && !NOT_GERUNDS.has(word);
}

function isNounWord(word: string): boolean {
  return TIMES_OF_DAY.has(word) || MEALS.has(word) || GAMES.has(word) || GATHERINGS.has(word) || GATHERINGS_WITH_THE.has(word) || PLACES.has(word) || ROOMS.has(word) || word in CHORE_VERBS;
}

/** The -ing form by the spelling rules: make/making, shop/shopping, see/seeing, tie/tying, visit/visiting. */
function gerundOf(verb: string): string {
  if (verb === "be") return "being";
  if (/ie$/.test(verb)) return `${verb.slice(0, -2)}ying`;
  if (/[^aeiou]e$/.test(verb) || /[^aeo]ue$/.test(verb)) return `${verb.slice(0, -1)}ing`;
  if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(verb)) return `${verb}${verb.at(-1)}ing`;
  if (STRESSED_LAST.has(verb)) return `${verb}${verb.at(-1)}ing`;
  return `${verb}ing`;
}

function join(head: string, rest: string): string {
  return rest ? `${head} ${rest}` : head;
}

/** "a", "a and b", "a, b and c". */
export function spokenList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
