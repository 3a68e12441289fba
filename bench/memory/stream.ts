/**
 * A week (or more) in the life of one agent, as the engine would have written it after loading the agent
 * file's own memories: sightings of the people whose schedules bring them to the same place, the place
 * itself, small talk, the day's plan, reflections, and a few strong feelings on unrelated matters, with
 * the facts of facts.ts told in passing among them. Deterministic per (seed, agent): the same options
 * give the same stream.
 */
import type { MemoryType } from "../../db/repositories/memory-records.ts";
import type { BenchMemory } from "../retrieval/dataset.ts";
import { createRng, type Rng } from "../../src/world/rng.ts";
import { FACTS, type Fact } from "./facts.ts";
import { AMBIENT, CHATTER, EMOTIONAL, REFLECTIONS, SIGHTINGS, lower, type Inner, type Scene } from "./phrases.ts";
import { isAsleep, slotAt, wakingMinutes, type Person, type Town } from "./town.ts";
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, spokenClock } from "../../src/shared-kernel/game-time.ts";

export interface StreamShape {
  days: number;
  factsPerAgent: number;
  seed: number;
}

/** A memory as the retrieval benchmark's streams have it, without the vector (the embedder under test makes it). */
export type StreamMemory = Omit<BenchMemory, "vector">;

export interface AgentStream {
  person: Person;
  memories: StreamMemory[];
  /** Where each planted fact is in `memories`. */
  planted: { index: number; fact: Fact }[];
}

/** Questions are asked the morning after the last day. */
const QUESTION_HOUR = 8;
/** Share of ordinary memories recalled (so re-accessed) some time after they were formed, as the engine does. */
const REACCESSED_SHARE = 0.2;
const TELLING: readonly ((teller: string, fact: string) => string)[] = [
  (teller, fact) => `${teller} told me ${fact}.`,
  (teller, fact) => `${teller} mentioned that ${fact}.`,
  (teller, fact) => `Heard from ${teller} that ${fact}.`,
  (teller, fact) => `${teller} said in passing that ${fact}.`,
];

export function nowGameTime(shape: StreamShape): number {
  return shape.days * SECONDS_PER_DAY + QUESTION_HOUR * SECONDS_PER_HOUR;
}

export function generateStream(town: Town, personIndex: number, shape: StreamShape): AgentStream {
  const person = town.people[personIndex]!;
  const rng = createRng(shape.seed * 1_000_003 + personIndex * 7919 + 11);
  const writer = new StreamWriter(town, person, rng);
  for (const memory of person.designerMemories) writer.add(memory.memoryType, memory.content, memory.importanceScore, memory.emotionalRelevance, memory.gameTime);
  for (let day = 0; day < shape.days; day++) writer.liveDay(day);
  const planted = plantFacts(writer, shape, rng);
  const order = writer.memories.map((_, index) => index).sort((a, b) => writer.memories[a]!.gameTime - writer.memories[b]!.gameTime || a - b);
  const position = new Map(order.map((original, sorted) => [original, sorted]));
  const now = nowGameTime(shape);
  const plantedIndexes = new Set(planted.map((entry) => entry.index));
  const memories = order.map((index) => {
    const memory = writer.memories[index]!;
    if (plantedIndexes.has(index) || rng.next() >= REACCESSED_SHARE) return memory;
    return { ...memory, lastAccessedGameTime: Math.floor(memory.gameTime + (now - memory.gameTime) * rng.next()) };
  });
  return { person, memories, planted: planted.map((entry) => ({ index: position.get(entry.index)!, fact: entry.fact })) };
}

/** The facts are told on any day but the last, at a waking hour, by someone else in town. */
function plantFacts(writer: StreamWriter, shape: StreamShape, rng: Rng): { index: number; fact: Fact }[] {
  const pool = [...FACTS];
  const planted: { index: number; fact: Fact }[] = [];
  const others = writer.town.people.filter((other) => other.id !== writer.person.id);
  const { from, to } = wakingMinutes(writer.person);
  for (let i = 0; i < Math.min(shape.factsPerAgent, FACTS.length); i++) {
    const fact = pool.splice(rng.int(0, pool.length - 1), 1)[0]!;
    const day = rng.int(0, Math.max(0, shape.days - 2));
    const minute = rng.int(from, to - 1);
    const content = rng.pick(TELLING)(rng.pick(others).name, fact.text);
    planted.push({ index: writer.add("conversation", content, rng.int(2, 3), round2(0.1 * rng.next()), day * SECONDS_PER_DAY + minute * 60), fact });
  }
  return planted;
}

class StreamWriter {
  readonly memories: StreamMemory[] = [];

  constructor(
    readonly town: Town,
    readonly person: Person,
    private readonly rng: Rng,
  ) {}

  add(memoryType: MemoryType, content: string, importanceScore: number, emotionalRelevance: number, gameTime: number): number {
    const time = Math.floor(gameTime);
    this.memories.push({ memoryType, content, importanceScore, emotionalRelevance, gameTime: time, lastAccessedGameTime: time });
    return this.memories.length - 1;
  }

  liveDay(day: number): void {
    const rng = this.rng;
    const base = day * SECONDS_PER_DAY;
    const { from, to } = wakingMinutes(this.person);
    this.planDay(base + from * 60);
    const reflections = new Set(Array.from({ length: rng.int(2, 3) }, () => rng.int(from, to)));
    const feelings = new Set(Array.from({ length: rng.int(1, 2) }, () => rng.int(from, to)));
    let lastActivity = "";
    for (let minute = from; minute < to; minute += rng.int(10, 30)) {
      const at = base + minute * 60 + rng.int(0, 59);
      const mine = slotAt(this.person, minute)!;
      if (mine.activity !== lastActivity) {
        lastActivity = mine.activity;
        this.add("observation", `Started "${mine.activity}" at ${this.place(mine.location)}.`, 2, 0, at);
      }
      this.observe(minute, mine.location, at);
      if ([...reflections].some((m) => m <= minute)) this.reflect(reflections, minute, at, false);
      if ([...feelings].some((m) => m <= minute)) this.reflect(feelings, minute, at, true);
    }
  }

  private planDay(at: number): void {
    const slots = this.person.schedule.filter((slot) => !isAsleep(slot.activity));
    const chosen = slots.filter(() => this.rng.next() < 0.5).slice(0, 4);
    const parts = (chosen.length > 0 ? chosen : slots.slice(0, 2)).map((slot) => `${slot.activity} at ${this.place(slot.location)} around ${spokenClock(slot.minute)}`);
    this.add("plan", `My plan for today: ${parts.join("; ")}.`, this.rng.int(4, 6), round2(0.1 * this.rng.next()), at);
    const later = this.rng.pick(slots);
    this.add("plan", `Later today: "${later.activity}" at ${this.place(later.location)}; I must not be late.`, this.rng.int(3, 5), 0, at + 60);
  }

  private observe(minute: number, location: string, at: number): void {
    const rng = this.rng;
    // Nobody is seen asleep.
    const others = this.town.people.filter((other) => other.id !== this.person.id && !isAsleep(slotAt(other, minute)?.activity ?? "sleep"));
    if (others.length === 0) return;
    const here = others.filter((other) => slotAt(other, minute)?.location === location);
    const partOfDay = minute < 12 * 60 ? "morning" : minute < 17 * 60 ? "afternoon" : "evening";
    const someone = here.length > 0 ? rng.pick(here) : rng.pick(others);
    const slot = slotAt(someone, minute)!;
    const scene: Scene = { name: someone.name, place: this.place(here.length > 0 ? location : slot.location), activity: slot.activity, other: rng.pick(others).name, partOfDay };
    const roll = rng.next();
    if (here.length > 0 && roll < 0.2) {
      this.add("conversation", rng.pick(CHATTER)(scene), rng.int(2, 4), round2(0.05 + 0.25 * rng.next()), at);
    } else if (roll < 0.35 && slot.description) {
      this.add("observation", `${someone.name} ${lower(slot.description)}.`, rng.int(1, 2), 0, at);
    } else if (roll < 0.75) {
      this.add("observation", rng.pick(SIGHTINGS)(scene), rng.int(1, 3), round2(0.05 * rng.next()), at);
    } else {
      this.add("observation", rng.pick(AMBIENT)({ ...scene, place: this.place(location) }), rng.int(1, 2), 0, at);
    }
  }

  /** A reflection or a strong feeling, once its planned minute has come. */
  private reflect(pending: Set<number>, minute: number, at: number, strong: boolean): void {
    for (const planned of pending) if (planned <= minute) pending.delete(planned);
    const rng = this.rng;
    const known = this.person.relationships.map((relation) => this.town.people.find((other) => other.id === relation.id)).filter((other) => other !== undefined);
    const other = known.length > 0 && rng.next() < 0.7 ? rng.pick(known) : rng.pick(this.town.people.filter((p) => p.id !== this.person.id));
    const inner: Inner = {
      name: other.name,
      place: this.place(rng.pick(this.person.schedule).location),
      like: pickOr(rng, this.person.likes, "quiet evenings"),
      dislike: pickOr(rng, this.person.dislikes, "rudeness"),
      goal: pickOr(rng, this.person.goals, "do right by the valley"),
      trait: pickOr(rng, other.traits, "thoughtful"),
    };
    if (strong) this.add(rng.next() < 0.5 ? "observation" : "reflection", rng.pick(EMOTIONAL)(inner), rng.int(8, 10), round2(0.7 + 0.3 * rng.next()), at);
    else this.add("reflection", rng.pick(REFLECTIONS)(inner), rng.int(5, 8), round2(0.2 + 0.4 * rng.next()), at);
  }

  private place(location: string): string {
    return this.town.places.get(location) ?? location.replaceAll("_", " ");
  }
}

function pickOr(rng: Rng, items: readonly string[], fallback: string): string {
  return items.length > 0 ? rng.pick(items) : fallback;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
