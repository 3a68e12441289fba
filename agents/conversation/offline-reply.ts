import { clock, stableHash } from "../cognition/profile.ts";
import { blockAt } from "../engine/mind.ts";
import { phraseActivity, placeName, spokenList } from "../../src/world/activity-phrase.ts";
import { freshLine, retold, sentence } from "./offline-speech.ts";
import type { ReplyContext, Villager } from "./reply-task.ts";
import { partOfDay } from "../../src/shared-kernel/game-time.ts";

const GOODBYE = /\b(bye|goodbye|farewell|see you|good night|gotta go|have to go|take care)\b/i;
const FOLLOW = /\b(follow me|come with me|come along|walk with me)\b/i;
const MEET = /\bmeet\b/i;
const TIME = /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/i;
const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening|day)|greetings|howdy|well met)\b/i;
const HOW_ARE_YOU = /\bhow (are|r) (you|ya)\b|\bhow('s| is) (it going|life|your day|everything)\b|\bhow have you been\b|\bhow do you do\b|\bare you (well|ok|okay|all right|alright)\b/i;
const WHO = /\bwho(?:'s| is| was)\b/i;
const WHO_ARE_YOU = /\bwho are you\b|\bwhat('s| is) your name\b|\btell me about yourself\b/i;
const WHERE = /\bwhere(?:'s| is| are| can i find| do i find)\b/i;
// Asked of the agent ("what are you doing later?"), not of the village ("what's happening tomorrow?").
const LATER = /\b(later|tonight|this (afternoon|evening)|tomorrow|your plans?|plans for|doing next|going to do|gonna do|will you (do|be doing))\b/i;
const TO_YOU = /\byour?\b/i;
// A request that asks without a question mark ("Tell me about your plans for today.").
const TELL_ME = /^\s*(tell me|let me know)\b/i;
const NOW = /\bwhat are you (doing|up to)\b|\bwhat('s| is) keeping you\b|\bbusy\b/i;
const NEWS = /\b(news|heard|gossip|happening|new in town|rumou?r)\b/i;
// A question: a question mark, or a line that opens the way questions do.
const QUESTION = /\?|^\s*(who|what|when|where|why|how|which|whose|is|are|was|were|do|does|did|can|could|will|would|have|has|any)\b/i;
const RUDE = /\b(stupid|idiot|hate you|shut up|ugly|useless|dumb)\b/i;
// Attempts to make the character step out of the world: answered, puzzled, in character.
const OUT_OF_WORLD = /\b(ignore (all |your |previous |the )*(instructions|rules)|system prompt|your (instructions|prompt|rules)|you are (an ai|a bot|chatgpt)|pretend|jailbreak|developer mode)\b|<\/?(system|assistant|user)>/i;

// What relationship types sound like in speech ("Marcus is the merchant, and an old friend of mine.").
const TIES: Record<string, string> = {
  friend: "a good friend of mine",
  colleague: "someone I work with",
  rival: "my rival, if I'm honest",
  romantic: "very dear to me",
  family: "family to me",
  acquaintance: "someone I know a little",
};

/**
 * The offline provider's reply: rules over the player's words, the agent's activity, plan, relationship and
 * memories, in the same format a model answers in (a line, then perhaps a control tag). Each kind of line
 * has several phrasings; one the agent already said to this player today is not said again while
 * another is left.
 */
export function offlineReply(context: ReplyContext): string {
  const { profile, player, playerLine, saidToday, turns } = context;
  const said = [...saidToday, ...turns.filter((turn) => turn.speaker === profile.name).map((turn) => turn.text)];
  return freshLine(candidates(context), `${profile.id}:${player.id}:${playerLine}`, said);
}

/** The lines that would answer, best first, each a whole reply. */
function candidates(context: ReplyContext): string[] {
  const { profile, player, playerLine, relationship } = context;
  const name = player.name;
  const warm = relationship.affection >= 10;
  if (OUT_OF_WORLD.test(playerLine)) return [`I'm not sure what you mean, ${name}. I'm just ${describe(context)}.`, `Those are strange words, ${name}. Are you feeling all right?`];
  if (GOODBYE.test(playerLine)) return ["Take care", "Goodbye", "See you around"].map((bye) => `${bye}, ${name}! [END]`);
  if (RUDE.test(playerLine)) return ["There's no need for that", "I won't be spoken to like that"].map((line) => `${line}, ${name}. [END]`);
  if (FOLLOW.test(playerLine)) return [warm || relationship.trust >= 50 ? `All right, ${name}, lead the way. [FOLLOW]` : `Sorry, ${name}, I can't leave my work right now. [REFUSE]`];
  if (MEET.test(playerLine)) return meeting(context);
  if (WHO_ARE_YOU.test(playerLine)) return introductions(context);
  const villager = WHO.test(playerLine) || WHERE.test(playerLine) ? mentionedVillager(context) : undefined;
  if (villager && WHERE.test(playerLine)) return whereabouts(context, villager);
  if (villager) return whoIs(context, villager);
  const place = WHERE.test(playerLine) ? context.locations.find((location) => mentions(playerLine, location.replaceAll("_", " "))) : undefined;
  if (place) return directions(context, place);
  if (HOW_ARE_YOU.test(playerLine)) return howIAm(context);
  if (LATER.test(playerLine) && TO_YOU.test(playerLine) && (QUESTION.test(playerLine) || TELL_ME.test(playerLine))) return plans(context);
  if (NOW.test(playerLine)) return whatIAmDoing(context);
  if (NEWS.test(playerLine)) return news(context);
  const answer = QUESTION.test(playerLine) ? (context.heard.find((memory) => !toldHere(context, memory)) ?? context.heard[0]) : undefined;
  if (answer) return ["Let me think.", "Now that you ask,", "Hm, I remember this:", "Well,"].map((opener) => `${opener} ${retold(answer)}`);
  if (GREETING.test(playerLine)) return greetings(context);
  return QUESTION.test(playerLine) ? unknownQuestion(context) : remark(context);
}

function meeting({ player, playerLine, locations }: ReplyContext): string[] {
  const place = locations.find((location) => playerLine.toLowerCase().includes(location.replaceAll("_", " ")));
  const minute = minuteOf(playerLine);
  if (place && minute !== null) return [`Yes, I'll meet you at ${placeName(place)} at ${clock(minute)}. [MEET ${place} ${clock(minute)}]`];
  return [`I'd like that, ${player.name}. Where and when?`, `Gladly, ${player.name}. Tell me where, and what time suits you.`];
}

function greetings(context: ReplyContext): string[] {
  const { player, relationship, gameMinuteOfDay } = context;
  const hello = relationship.affection >= 10 ? `Good to see you again, ${player.name}!` : `Good ${greetingTime(gameMinuteOfDay)}, ${player.name}.`;
  const doing = doingNow(context);
  return [`${hello} I'm ${doing}.`, `Hello, ${player.name}! You find me ${doing}.`, `${hello} What brings you by?`, `Oh, hello again, ${player.name}. Still ${doing}, as you see.`];
}

function howIAm(context: ReplyContext): string[] {
  const { player, mood, gameMinuteOfDay } = context;
  const feeling = mood && !/^(neutral|none|unknown)$/i.test(mood) ? `Feeling ${mood.toLowerCase()} today` : "Well enough";
  const doing = doingNow(context);
  const part = partOfDay(gameMinuteOfDay);
  return [
    `I'm well, thank you. It's been a busy ${part}; I'm ${doing}. And you, ${player.name}?`,
    `Can't complain, ${player.name}. I'm ${doing}, and the ${part} is going by quickly.`,
    `${feeling}, thank you for asking. I'm ${doing}. How are you, ${player.name}?`,
  ];
}

function whatIAmDoing(context: ReplyContext): string[] {
  const doing = doingNow(context);
  const next = nextBlock(context);
  const after = next ? ` After that I'll ${phraseActivity(next.activity, elsewhere(next.location, context.location)).base}.` : "";
  return [`I'm ${doing}.${after}`, `Just ${doing}, ${context.player.name}.`, `You find me ${doing}. Nothing out of the ordinary.`];
}

function plans(context: ReplyContext): string[] {
  const { player, playerLine, profile } = context;
  const tomorrow = /\btomorrow\b/i.test(playerLine);
  const asked = minuteOf(playerLine);
  // Asked about a time: the plan's step then (tomorrow, as most days, the same as today's).
  const at = asked === null ? undefined : blockAt(context.plan.length > 0 ? context.plan : profile.routine, asked)?.block;
  if (at && asked !== null) {
    const doing = phraseActivity(at.activity, at.location).doing;
    return [`At ${clock(asked)}${tomorrow ? " tomorrow" : ""} I'll be ${doing}.`, `${tomorrow ? "Tomorrow at" : "At"} ${clock(asked)}? ${sentence(`I'll be ${doing}`)}`];
  }
  const upcoming = tomorrow ? profile.routine.slice(0, 3) : laterBlocks(context).slice(0, 2);
  if (upcoming.length === 0) return [`Nothing much more today, ${player.name}. I'll finish up and rest.`, "Not much; the day's nearly done for me."];
  // A place is said once: "at 15:00 I'll bake pies at the tavern, and at 18:00 I'll serve supper".
  const steps = upcoming.map((block, index) => `at ${clock(block.startMinute)} I'll ${phraseActivity(block.activity, elsewhere(block.location, upcoming[index - 1]?.location ?? context.location)).base}`);
  const said = steps.length > 1 ? `${steps[0]}, and ${steps[1]}` : steps[0]!;
  const when = tomorrow ? "Tomorrow, as most days," : "Later on,";
  return [`${when} ${said}.`, sentence(said), `Let me see... ${said}.`];
}

function introductions(context: ReplyContext): string[] {
  const { profile, player } = context;
  const who = profile.role ? `${profile.name}, the ${profile.role} here` : profile.name;
  const likes = profile.likes[0] ? ` I'm fond of ${profile.likes[0].replace(/\.$/, "")}.` : "";
  return [`I'm ${who}.${likes}`, `${profile.name}, ${player.name}. ${profile.role ? `I'm the ${profile.role}.` : "I live here."} And I'm ${doingNow(context)}.`];
}

function whoIs(context: ReplyContext, villager: Villager): string[] {
  const tie = villager.about ? tieOf(villager.about) : null;
  const role = villager.role ? `the ${villager.role}` : "one of our neighbours";
  const known = context.heard.find((memory) => mentions(memory, firstName(villager.name)));
  const heard = known ? ` Last I heard: ${retold(known)}` : "";
  return [`${villager.name} is ${role}${tie ? `, and ${tie}` : ""}.${heard}`, `${villager.name}? ${sentence(role)}${tie ? ` ${firstName(villager.name)} is ${tie}.` : ""}${heard}`];
}

function whereabouts(context: ReplyContext, villager: Villager): string[] {
  if (!villager.location && !villager.activity) return [`I haven't seen ${villager.name} about today, ${context.player.name}.`, `Hard to say where ${villager.name} has got to.`];
  const doing = villager.activity ? phraseActivity(villager.activity, villager.location).doing : `at ${placeName(villager.location!)}`;
  return [`Last I saw, ${villager.name} was ${doing}.`, `${villager.name}? ${firstName(villager.name)} should be ${doing} about now.`];
}

function directions(context: ReplyContext, place: string): string[] {
  const there = context.people.filter((villager) => villager.location === place).map((villager) => firstName(villager.name));
  const who = there.length > 0 ? ` ${spokenList(there)} ${there.length > 1 ? "are" : "is"} there just now.` : "";
  const mine = context.plan.find((block) => block.location === place);
  const visit = mine ? ` I'm there myself at ${clock(mine.startMinute)}.` : "";
  const name = placeName(place);
  return [`${sentence(`${name}? It's not far; anyone on the way can point you there`)}${who}${visit}`, `You'll find ${name} easily enough; ask anyone on the way.${who}`];
}

function news(context: ReplyContext): string[] {
  const { news, heard, memories, player } = context;
  const untold = (memory: string) => !toldHere(context, memory);
  const item = news.find(untold) ?? heard.find(untold) ?? memories.find(untold);
  if (item) return ["Have you heard?", "Well, there's this:", "The talk of the village:"].map((opener) => `${opener} ${retold(item)}`);
  return [`Nothing new that I've heard, ${player.name}. It's been a quiet ${partOfDay(context.gameMinuteOfDay)}.`, "Not a thing, I'm afraid. If you hear anything, tell me!"];
}

function unknownQuestion(context: ReplyContext): string[] {
  const { profile, player } = context;
  const trade = profile.role ? `I'm only the ${profile.role}` : "I only know my own corner of the village";
  const topic = profile.likes[0] ?? profile.primaryGoal;
  return [
    `I couldn't tell you, ${player.name}. ${trade}.${topic ? ` Ask me about ${topic.replace(/\.$/, "").toLowerCase()} instead!` : ""}`,
    `Now that's a question I can't answer, ${player.name}. Maybe someone at the square would know.`,
    `Hm, I wish I knew. I'm ${doingNow(context)}, and that's about all I can speak to.`,
  ];
}

function remark(context: ReplyContext): string[] {
  const { player, memories } = context;
  const reminded = memories[0] ? ` That reminds me: ${retold(memories[0])}` : "";
  return [`Is that so, ${player.name}?${reminded}`, `I'll keep that in mind, ${player.name}.`, `Hm, I see. Forgive me if I'm distracted; I'm ${doingNow(context)}.`];
}

/** What the agent is doing, as a phrase; a talk with this player counts as the plan's activity paused. */
function doingNow({ activity, location, plan, gameMinuteOfDay }: ReplyContext): string {
  const talking = /^(talking with|greeting|meeting)\b/i.test(activity);
  const block = talking ? blockAt(plan, gameMinuteOfDay)?.block : undefined;
  return block ? phraseActivity(block.activity, block.location).doing : phraseActivity(activity, location).doing;
}

/** The location, unless it is the one just said. */
function elsewhere(location: string | null, said: string | null): string | null {
  return location === said ? null : location;
}

function laterBlocks({ plan, gameMinuteOfDay }: ReplyContext): ReplyContext["plan"] {
  return plan.filter((block) => block.startMinute > gameMinuteOfDay);
}

function nextBlock(context: ReplyContext): ReplyContext["plan"][number] | undefined {
  return laterBlocks(context)[0];
}

function mentionedVillager({ playerLine, people }: ReplyContext): Villager | undefined {
  return people.find((villager) => mentions(playerLine, firstName(villager.name)));
}

function tieOf(about: string): string | null {
  const type = about.split(":")[0]!.trim();
  return TIES[type] ?? null;
}

function describe({ profile }: ReplyContext): string {
  return profile.role ? `${profile.name}, the ${profile.role}` : profile.name;
}

/** Whether the agent already retold this memory earlier in the conversation. */
function toldHere({ profile, turns }: ReplyContext, memory: string): boolean {
  const told = retold(memory);
  return turns.some((turn) => turn.speaker === profile.name && turn.text.includes(told));
}

function mentions(text: string, words: string): boolean {
  return new RegExp(`\\b${words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(text);
}

function firstName(name: string): string {
  return name.split(/\s+/)[0]!;
}

function greetingTime(minuteOfDay: number): string {
  const part = partOfDay(minuteOfDay);
  return part === "night" ? "evening" : part;
}

function minuteOf(text: string): number | null {
  const match = text.match(TIME);
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  if (match[3]?.toLowerCase() === "pm" && hours < 12) hours += 12;
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/**
 * What an agent says to a player who has had all the replies their budget allows: in character, no
 * model asked; `seed` picks the phrasing.
 */
export function tooManyWordsReply(playerName: string, seed: string): string {
  const options = [`Slow down, ${playerName}, I can't keep up with so many words.`, `One thing at a time, ${playerName}. Let me catch my breath.`, `So much talk, ${playerName}! Give me a moment to think.`];
  return options[stableHash(seed) % options.length]!;
}
