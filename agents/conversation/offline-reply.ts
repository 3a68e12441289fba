import { clock, stableHash } from "../cognition/profile.ts";
import type { ReplyContext } from "./reply-task.ts";

const GOODBYE = /\b(bye|goodbye|farewell|see you|good night|gotta go|have to go|take care)\b/i;
const FOLLOW = /\b(follow me|come with me|come along|walk with me)\b/i;
const MEET = /\bmeet\b/i;
const TIME = /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/i;
const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening)|greetings|howdy)\b/i;
const NEWS = /\b(news|heard|gossip|happening|new in town|rumou?r)\b/i;
// A question: a question mark, or a line that opens the way questions do.
const QUESTION = /\?|^\s*(who|what|when|where|why|how|which|whose|is|are|was|were|do|does|did|can|could|will|would|have|has|any)\b/i;
const RUDE = /\b(stupid|idiot|hate you|shut up|ugly|useless|dumb)\b/i;
// Attempts to make the character step out of the world: answered, puzzled, in character.
const OUT_OF_WORLD = /\b(ignore (all |your |previous |the )*(instructions|rules)|system prompt|your (instructions|prompt|rules)|you are (an ai|a bot|chatgpt)|pretend|jailbreak|developer mode)\b|<\/?(system|assistant|user)>/i;

/**
 * The offline mind's reply: rules over the player's words, the agent's activity, relationship and
 * memories, in the same format a model answers in (a line, then perhaps a control tag).
 */
export function offlineReply(context: ReplyContext): string {
  const { profile, player, playerLine, relationship, activity, memories, heard, locations } = context;
  const seed = `${profile.id}:${player.id}:${playerLine}`;
  const warm = relationship.affection >= 10;
  if (OUT_OF_WORLD.test(playerLine)) {
    return phrase([`I'm not sure what you mean, ${player.name}. I'm just ${describe(context)}.`, `Those are strange words, ${player.name}. Are you feeling all right?`], seed);
  }
  if (GOODBYE.test(playerLine)) return `${phrase(["Take care", "Goodbye", "See you around"], seed)}, ${player.name}! [END]`;
  if (RUDE.test(playerLine)) return `${phrase(["There's no need for that", "I won't be spoken to like that"], seed)}, ${player.name}. [END]`;
  if (FOLLOW.test(playerLine)) {
    return warm || relationship.trust >= 50 ? `All right, ${player.name}, lead the way. [FOLLOW]` : `Sorry, ${player.name}, I can't leave my work right now. [REFUSE]`;
  }
  if (MEET.test(playerLine)) {
    const place = locations.find((location) => playerLine.toLowerCase().includes(location.replaceAll("_", " ")));
    const minute = minuteOf(playerLine);
    if (place && minute !== null) return `Yes, I'll meet you at the ${place.replaceAll("_", " ")} at ${clock(minute)}. [MEET ${place} ${clock(minute)}]`;
    return `I'd like that, ${player.name}. Where and when?`;
  }
  if (NEWS.test(playerLine) && memories.length > 0) return `Have you heard? ${asHeard(memories[0]!)}`;
  // Memories are retrieved for the question (and who asks): the best of what the agent heard or saw, and has not
  // already told in this conversation, answers it (a memory just recalled ranks high again for a while).
  const answer = QUESTION.test(playerLine) ? (heard.find((memory) => !toldHere(context, memory)) ?? heard[0]) : undefined;
  if (answer) return `${phrase(["Let me think.", "Now that you ask,", "Hm, I remember this:"], seed)} ${asHeard(answer)}`;
  const opener = GREETING.test(playerLine) ? (warm ? `Good to see you again, ${player.name}!` : `Hello, ${player.name}.`) : phrase(["Hm, I see.", "Is that so?", "Interesting."], seed);
  const about = memories.length > 0 ? ` That reminds me: ${asHeard(memories[0]!)}` : "";
  return `${opener} Right now I'm busy here${context.location ? ` at the ${context.location.replaceAll("_", " ")}` : ""}: ${activity}.${about}`;
}

/**
 * What an agent says to a player who has had all the replies their budget allows: in character, no
 * model asked; `seed` picks the phrasing.
 */
export function tooManyWordsReply(playerName: string, seed: string): string {
  return phrase(
    [`Slow down, ${playerName}, I can't keep up with so many words.`, `One thing at a time, ${playerName}. Let me catch my breath.`, `So much talk, ${playerName}! Give me a moment to think.`],
    seed,
  );
}

function describe({ profile }: ReplyContext): string {
  return profile.role ? `${profile.name}, the ${profile.role}` : profile.name;
}

/** Whether the agent already retold this memory earlier in the conversation. */
function toldHere({ profile, turns }: ReplyContext, memory: string): boolean {
  const retold = asHeard(memory);
  return turns.some((turn) => turn.speaker === profile.name && turn.text.includes(retold));
}

/** A memory retold in speech. */
function asHeard(memory: string): string {
  const trimmed = memory.trim().replace(/\s+/g, " ");
  return /[.!?"]$/.test(trimmed) ? trimmed : `${trimmed}.`;
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

/** One of a few phrasings, stable for the same agent and line. */
function phrase(options: readonly string[], seed: string): string {
  return options[stableHash(seed) % options.length]!;
}
