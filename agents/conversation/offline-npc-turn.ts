import { clock, stableHash } from "../cognition/profile.ts";
import { phraseActivity } from "../../src/world/activity-phrase.ts";
import type { NpcTurn, NpcTurnContext } from "./npc-turn-task.ts";
import { retold } from "./offline-speech.ts";
import { partOfDay } from "../../src/shared-kernel/game-time.ts";

const HOW_ARE_YOU = /\bhow (are|have) you\b|\bhow('s| is) (it going|life|your day|work|everything)\b|\bhow are things\b|\band you\?|\bhow is work\b/i;
const DOING = /\bwhat (are|were) you (doing|up to)\b|\bwhat('s| is) keeping you busy\b|\bbusy (day|morning|afternoon|evening)\b/i;
const PLANS = /\b(later|this (afternoon|evening)|tonight|tomorrow)\b.*\?/i;
const NEWS_TOLD = /\b(have you heard|did you hear|guess what|oh, and)\b/i;
const QUESTION = /\?\s*$/;

/**
 * The offline provider's line in a talk between two agents: it answers the line before it (how it is, what it
 * is doing, what it makes of news), passes on what it knows, asks back, and says goodbye near the cap.
 * `shares` is the 1-based index into `news` of the item the line passes on.
 */
export function offlineTurn(context: NpcTurnContext): NpcTurn {
  const { profile, partner, relationship, news, transcript, turnsLeft } = context;
  const mine = transcript.filter((turn) => turn.speaker === profile.name).length;
  const seed = `${profile.id}:${partner.id}:${transcript.length}`;
  const last = transcript.at(-1)?.speaker === profile.name ? undefined : transcript.at(-1)?.text;
  if (turnsLeft <= 1 || mine >= 3) return { line: goodbye(context, seed), end: true, shares: 0 };
  const item = news.findIndex((fact) => !transcript.some((turn) => turn.text.includes(retold(fact).slice(0, -1))));
  const passOn = item >= 0 && mine < 2 ? { text: retold(news[item]!), shares: item + 1 } : null;
  if (!last) {
    const hello = `${greeting(relationship.affection, context.gameMinuteOfDay)}, ${partner.name}!`;
    return passOn ? { line: `${hello} Have you heard? ${passOn.text}`, end: false, shares: passOn.shares } : { line: `${hello} How are you today?`, end: false, shares: 0 };
  }
  const answer = answerTo(last, context, seed);
  if (passOn) return { line: `${answer} ${NEWS_TOLD.test(last) ? "And have you heard this?" : "Oh, and have you heard?"} ${passOn.text}`, end: false, shares: passOn.shares };
  const follow = QUESTION.test(answer) ? "" : ` ${askBack(context, seed)}`;
  return { line: `${answer}${follow}`, end: false, shares: 0 };
}

/** What the speaker says to the partner's last line. */
function answerTo(last: string, context: NpcTurnContext, seed: string): string {
  const { partner } = context;
  const doing = phraseActivity(context.activity).doing;
  const part = partOfDay(context.gameMinuteOfDay);
  const sinceWhen = part === "night" ? "tonight" : `this ${part}`;
  // Plain talk carries no thanks or praise: those are what move feelings, and chatter alone should not.
  if (HOW_ARE_YOU.test(last)) return pick([`I'm well enough. I was just ${doing}.`, `Can't complain! I've been ${doing} ${sinceWhen}.`, `A little tired, but well. I was ${doing} when I saw you.`], seed);
  if (PLANS.test(last)) {
    const next = nextRoutineSlot(context);
    return next ? `Later I'll ${phraseActivity(next.activity, next.location).base}, around ${clock(next.startMinute)}.` : "Nothing much; I'll rest, I think.";
  }
  if (DOING.test(last)) return pick([`Oh, I was ${doing}.`, `Just ${doing}, as usual.`], seed);
  if (NEWS_TOLD.test(last)) return pick(["Really? I hadn't heard that.", "Well I never! I'll have to tell the others.", `Is that so, ${partner.name}? I'll keep my ears open.`], seed);
  if (QUESTION.test(last)) return pick(["I'd say so, yes.", "Hard to say, honestly.", "I've wondered the same thing."], seed);
  return pick(["That's good to hear.", "I know what you mean.", "Fair enough."], seed);
}

/** A question back, so the talk goes on: how they are, or what they are doing later. */
function askBack({ partner, transcript }: NpcTurnContext, seed: string): string {
  // A question either of them already asked is not asked again.
  const asked = transcript.map((turn) => turn.text).join("\n");
  const questions = [`And how are you, ${partner.name}?`, `What are you up to later, ${partner.name}?`, "How is work treating you?"].filter((question) => !asked.includes(question.split(",")[0]!));
  return questions.length > 0 ? pick(questions, seed) : "Good talking with you.";
}

function goodbye({ partner, activity }: NpcTurnContext, seed: string): string {
  const doing = phraseActivity(activity).doing;
  const back = /^\w+ing\b/.test(doing) && !/^(talking|greeting)\b/.test(doing) ? `get back to ${doing}` : "get back to it";
  return pick([`Well, I should ${back}. See you, ${partner.name}!`, `I'd better ${back}. Take care, ${partner.name}!`, `Good talking with you, ${partner.name}. I must ${back} now.`], seed);
}

function greeting(affection: number, minuteOfDay: number): string {
  if (affection >= 30) return "Oh, it's so good to see you";
  if (affection <= -20) return "Oh. It's you";
  const part = partOfDay(minuteOfDay);
  return part === "night" ? "Hello" : `Good ${part}`;
}

function nextRoutineSlot({ profile, gameMinuteOfDay }: NpcTurnContext): NpcTurnContext["profile"]["routine"][number] | undefined {
  return profile.routine.find((slot) => slot.startMinute > gameMinuteOfDay);
}

function pick(options: readonly string[], seed: string): string {
  return options[stableHash(seed) % options.length]!;
}
