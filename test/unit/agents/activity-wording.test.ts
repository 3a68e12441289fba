import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { AgentProfile } from "../../../agents/cognition/profile.ts";
import { offlineTurn } from "../../../agents/conversation/offline-npc-turn.ts";
import { offlineReply } from "../../../agents/conversation/offline-reply.ts";
import type { ReplyContext } from "../../../agents/conversation/reply-task.ts";
import { STRANGER } from "../../../db/repositories/relationship-repository.ts";
import { readWorldFolder } from "../../../src/content/world-folder.ts";
import { phraseActivity } from "../../../src/world/activity-phrase.ts";
import type { AgentSim } from "../../../src/world/entities.ts";
import { observationOf } from "../../../src/world/observation.ts";
import legacy from "../../fixtures/heartwood-valley-activity-tags.json" with { type: "json" };

/** One activity as a designer wrote it, with the location it happens at (null for the older format's bare tags). */
interface Case {
  activity: string;
  location: string | null;
}

let cases: Case[];
let locations: string[];
// First words of the activities that are not -ing forms ("buy", "lunch", "morning"): none may follow "I'm", "been" or "is".
let bareWords: Set<string>;

beforeAll(async () => {
  const { definition, agents } = await readWorldFolder("worlds/heartwood");
  locations = definition.locations.map((location) => location.name);
  const seen = new Map<string, Case>();
  for (const agent of agents) {
    for (const slot of agent.schedule) seen.set(`${slot.activity}@${slot.location}`, { activity: slot.activity, location: slot.location });
    seen.set(`${agent.activity}@${agent.location}`, { activity: agent.activity, location: agent.location || null });
  }
  // The older Heartwood Valley format's 36 tags (test/fixtures), at no location and at every location of the sample world.
  for (const tag of legacy.tags) for (const location of [null, ...locations]) seen.set(`${tag}@${location}`, { activity: tag, location });
  cases = [...seen.values()];
  bareWords = new Set(cases.map((c) => c.activity.split(/[\s,]+/)[0]!.toLowerCase()).filter((word) => !word.endsWith("ing")));
});

/** What is wrong with a line that phrases `c`, by rules a reader would state. */
function problems(line: string, c: Case): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/\b(?:I'm|I am|been|is|was|be|Just|Still) (\w+)/g)) {
    if (bareWords.has(match[1]!.toLowerCase())) found.push(`"${match[0]}": a bare verb or noun where an -ing form or a place belongs`);
  }
  for (const sentence of line.split(/(?<=[.!?])\s+(?=[A-Z"])/)) {
    if (!/^["A-Z0-9]/.test(sentence)) found.push(`does not start with a capital: "${sentence}"`);
    if (!/[.!?"]$/.test(sentence)) found.push(`does not end with punctuation: "${sentence}"`);
    const places = [...sentence.matchAll(/\b(?:at|in) the ([a-z]+(?: [a-z]+)?)\b/g)].map((match) => match[1]);
    if (new Set(places).size < places.length) found.push(`a place said twice: "${sentence}"`);
    if (c.location) {
      const head = c.location.split("_").at(-1)!.replace(/s$/, "");
      const times = (text: string) => (text.toLowerCase().match(new RegExp(`\\bthe (?:[a-z]+ )?${head}s?\\b`, "g")) ?? []).length;
      if (times(sentence) > Math.max(1, times(c.activity))) found.push(`the location "${c.location}" repeated: "${sentence}"`);
    }
  }
  return found;
}

/** What an agent notices when `subject` comes into view. */
function seen(subject: AgentSim): string {
  const event = observationOf({ id: "x" } as AgentSim, subject, 0);
  return event.type === "observation" ? event.text : "";
}

function rosa(c: Case): AgentProfile {
  return { id: "rosa", name: "Rosa", role: "baker", constitution: "", personalityTraits: [], likes: [], dislikes: [], primaryGoal: null, secondaryGoals: [], background: null, routine: [{ startMinute: 6 * 60, activity: "wake up", location: null }, { startMinute: 15 * 60, ...c }], relationships: {} };
}

function replyContext(c: Case, playerLine: string): ReplyContext {
  const profile = rosa(c);
  return { profile, activity: c.activity, location: c.location, mood: "", player: { id: "c1", name: "Ann" }, relationship: { ...STRANGER }, pastConversations: [], memories: [], heard: [], news: [], turns: [], playerLine, locations, gameMinuteOfDay: 10 * 60, plan: profile.routine, people: [{ name: "Marcus", role: "merchant", about: null, ...c }], saidToday: [] };
}

/** Every template that phrases an activity, filled with `c`. */
function templates(c: Case): string[] {
  const { doing, base } = phraseActivity(c.activity, c.location);
  const subject = { kind: "agent", name: "Greta", activity: c.activity } as AgentSim;
  const replies = ["Hello!", "What are you doing?", "How are you today?", "What are you doing later?", "Where is Marcus?"].flatMap((line) => {
    const context = replyContext(c, line);
    // Each phrasing the agent has, not only the first: the same question asked again gets the others.
    const lines: string[] = [];
    for (let i = 0; i < 4; i++) lines.push(offlineReply({ ...context, saidToday: [...lines] }));
    return lines;
  });
  const npc = { profile: rosa(c), partner: { id: "finn", name: "Finn" }, relationship: { ...STRANGER }, activity: c.activity, memories: [], news: [], turnsLeft: 4, gameMinuteOfDay: 10 * 60 };
  const turns = ["How are you today?", "What are you up to?", "What are you up to later?"].map((line) => offlineTurn({ ...npc, transcript: [{ speaker: "Finn", text: line }] }).line);
  const goodbye = offlineTurn({ ...npc, transcript: [{ speaker: "Finn", text: "Well." }], turnsLeft: 1 }).line;
  return [`I'm ${doing}.`, `I've been ${doing}.`, `I'll ${base} at 15:00.`, `Greta is ${doing}.`, `${seen(subject)}.`, ...replies, ...turns, goodbye];
}

describe("activities in the offline mind's words", () => {
  it("are grammatical in every template, for every activity and location of every sample agent and every older-format tag", () => {
    expect(cases.length).toBeGreaterThan(legacy.tags.length * 10);
    expect(legacy.tags).toHaveLength(36);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cases.length - 1 }), fc.constantFrom("as written", "capitalised", "with a full stop"), (index, variant) => {
        const c = cases[index]!;
        const activity = variant === "capitalised" ? c.activity.charAt(0).toUpperCase() + c.activity.slice(1) : variant === "with a full stop" ? `${c.activity}.` : c.activity;
        for (const line of templates({ ...c, activity })) expect(problems(line, c), line).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("never repeat a place the activity already names, and add the place when it does not", () => {
    expect(phraseActivity("lunch at the tavern", "tavern")).toEqual({ doing: "having lunch at the tavern", base: "have lunch at the tavern" });
    expect(phraseActivity("buy fish", "docks")).toEqual({ doing: "buying fish at the docks", base: "buy fish at the docks" });
    expect(phraseActivity("evening at the square", "town_square").doing).toBe("spending the evening at the square");
    expect(phraseActivity("open shop, light forge", "blacksmith_shop").doing).toBe("opening shop and lighting forge");
    expect(phraseActivity("morning prayers", "chapel")).toEqual({ doing: "at morning prayers", base: "be at morning prayers" });
    expect(phraseActivity("wake up, read the post", null).doing).toBe("waking up and reading the post");
    expect(phraseActivity("walking to town_square").doing).toBe("walking to the town square");
  });
});
