import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRIEVAL_WEIGHTS,
  rankMemories,
  minMaxNormalise,
  rawComponents,
  recencyComponent,
  RetrievalWeightsError,
  validateRecencyDecay,
  validateRetrievalWeights,
  type ScorableMemory,
} from "../../../agents/memory/retrieval-score.ts";

const HOUR = 3600;
const NOW = 300 * HOUR;
/** Halves recency every game hour, so that the raw recencies are 1, 0.5, 0.25. */
const HALVING = 0.5;

/** A memory last accessed `hoursAgo` game hours before NOW. */
function memory(id: number, hoursAgo: number, importanceScore: number, emotionalRelevance: number, embedding: number[] | null): ScorableMemory {
  return { id, lastAccessedGameTime: NOW - hoursAgo * HOUR, importanceScore, emotionalRelevance, embedding };
}

/*
 * Query [1, 0], decay 0.5 per game hour, default weights (recency 0.5, importance 1, emotion 0.5, relevance 4).
 * Raw components, then min-max over these six memories (relevance then to the 4th power):
 *   recency 0.5^h:          h=0 -> 1, h=1 -> 0.5, h=2 -> 0.25        min 0.25, max 1: (r - 0.25) / 0.75 -> 1, 1/3, 0
 *   importance imp/10:      2 .. 10                                   (imp - 2) / 8 -> 2: 0, 4: 0.25, 6: 0.5, 8: 0.75, 10: 1
 *   emotion:                0 .. 1                                    as it is
 *   relevance (1 + cos)/2:  [1,0] -> 1, [4,3] (cos .8) -> 0.9, [3,4] (cos .6) -> 0.8, [0,1] and none -> 0.5, [-1,0] -> 0
 *                                                                     min 0, max 1: as it is, then ^4:
 *                                                                     1, 0.6561, 0.4096, 0.0625, 0
 *
 *   id  h  imp  emo  vector   recency  importance  emotion  relevance   0.5·rec + 1·imp + 0.5·emo + 4·rel = score
 *   1   0  2    0    [0,1]    1        0           0        0.0625      0.5     + 0     + 0      + 0.25   = 0.75
 *   2   2  10   1    [-1,0]   0        1           1        0           0       + 1     + 0.5    + 0      = 1.5
 *   3   1  4    0    [1,0]    1/3      0.25        0        1           0.1667  + 0.25  + 0      + 4      = 4.416667
 *   4   1  6    0.5  [3,4]    1/3      0.5         0.5      0.4096      0.1667  + 0.5   + 0.25   + 1.6384 = 2.555067
 *   5   2  8    0.5  none     0        0.75        0.5      0.0625      0       + 0.75  + 0.25   + 0.25   = 1.25
 *   6   2  2    0    [4,3]    0        0           0        0.6561      0       + 0     + 0      + 2.6244 = 2.6244
 *
 * The on-topic memories lead in the order of their relevance; the most important and emotional memory (2)
 * is about something else and comes fourth, behind even the trivial but closer 6.
 */
const MEMORIES: ScorableMemory[] = [
  memory(1, 0, 2, 0, [0, 1]),
  memory(2, 2, 10, 1, [-1, 0]),
  memory(3, 1, 4, 0, [1, 0]),
  memory(4, 1, 6, 0.5, [3, 4]),
  memory(5, 2, 8, 0.5, null),
  memory(6, 2, 2, 0, [4, 3]),
];
const QUERY = [1, 0];

const ids = (ranked: { memory: ScorableMemory }[]) => ranked.map((entry) => entry.memory.id);

describe("retrieval score (Park et al., each component min-max normalised over the memories ranked)", () => {
  it("ranks the hand-made set exactly as worked out by hand, with the expected scores and components", () => {
    const ranked = rankMemories(MEMORIES, { embedding: QUERY, decay: HALVING }, NOW);
    expect(ids(ranked)).toEqual([3, 6, 4, 2, 5, 1]);
    const expected: Record<number, number> = { 3: 4.416667, 6: 2.6244, 4: 2.555067, 2: 1.5, 5: 1.25, 1: 0.75 };
    for (const entry of ranked) expect(entry.score).toBeCloseTo(expected[entry.memory.id]!, 5);
    expect(ranked[2]!.components).toEqual({ recency: expect.closeTo(1 / 3, 9), importance: expect.closeTo(0.5, 9), emotion: 0.5, relevance: expect.closeTo(0.4096, 9) });
    expect(ranked[4]!.similarity).toBeNull();
  });

  it("four different questions to the same agent bring back four different top memories", () => {
    // One low-importance fact per topic (axes 1-4) and two high-importance, emotional memories about
    // something else (axis 5), all from the same hour. With fixed ranges and weights 1,1,1,1 the fire
    // scored 1 + 1 + 1 + 0.5 = 3.5 against 1 + 0.3 + 0 + 1 = 2.3 for the festival, for every question.
    // Here, for the question on the festival: relevance 1 for it, 0 for everything else (cosine 0 all
    // round), so festival 4 + (3-1)/9 = 4.22 > fire 1 + 0.5·1 = 1.5.
    const axis = (k: number) => [0, 1, 2, 3, 4].map((i) => (i === k ? 1 : 0));
    const stream = [
      memory(1, 1, 3, 0, axis(0)), // "The harvest festival is on Saturday"
      memory(2, 1, 2, 0, axis(1)), // "Nell mended my fence"
      memory(3, 1, 4, 0, axis(2)), // "Marcus is standing for mayor"
      memory(4, 1, 1, 0, axis(3)), // "Ivy told me the mill reopened"
      memory(5, 1, 10, 1, axis(4)), // "The fire at the bakery"
      memory(6, 1, 6, 0.8, axis(4).map((x, i) => (i === 3 ? 0.2 : x))), // "My feelings toward Greta grew warmer"
    ];
    const tops = [0, 1, 2, 3].map((topic) => rankMemories(stream, { embedding: axis(topic) }, NOW)[0]!.memory.id);
    expect(tops).toEqual([1, 2, 3, 4]);
    // Without a question, importance and emotion decide: the fire.
    expect(rankMemories(stream, { embedding: null }, NOW)[0]!.memory.id).toBe(5);
  });

  it("keeps the spread of clustered cosines: 0.6, 0.8 and 1 become relevance 0, 0.5^4 and 1", () => {
    const clustered = [memory(1, 0, 5, 0, [3, 4]), memory(2, 0, 5, 0, [4, 3]), memory(3, 0, 5, 0, [1, 0])];
    const ranked = rankMemories(clustered, { embedding: QUERY }, NOW);
    expect(ranked.map((entry) => entry.components.relevance)).toEqual([1, expect.closeTo(0.0625, 9), 0]);
  });

  it("scores relative to the memories ranked together: an unrelated memory widens the range, the order stays", () => {
    const clustered = [memory(1, 0, 5, 0, [3, 4]), memory(2, 0, 5, 0, [4, 3]), memory(3, 0, 5, 0, [1, 0])];
    const widened = rankMemories([...clustered, memory(4, 0, 5, 0, [-1, 0])], { embedding: QUERY }, NOW);
    // Raw relevance 0.8, 0.9, 1 and now 0 as the minimum: normalised they stay as they were raw (then ^4).
    expect(ids(widened)).toEqual([3, 2, 1, 4]);
    expect(widened.map((entry) => entry.components.relevance)).toEqual([1, expect.closeTo(0.9 ** 4, 9), expect.closeTo(0.8 ** 4, 9), 0]);
  });

  it("relevance alone orders by cosine; equal scores put the newer memory (higher id) first", () => {
    // 1, 0.9, 0.8, then ids 5 and 1 tie at 0.5, then 0.
    const ranked = rankMemories(MEMORIES, { embedding: QUERY, weights: { recency: 0, importance: 0, emotion: 0, relevance: 1 } }, NOW);
    expect(ids(ranked)).toEqual([3, 6, 4, 5, 1, 2]);
  });

  it("recency alone orders by time since last access", () => {
    // h=0, then 4 and 3 (h=1) tie, then 6, 5, 2 (h=2) tie.
    const ranked = rankMemories(MEMORIES, { embedding: QUERY, decay: HALVING, weights: { recency: 1, importance: 0, emotion: 0, relevance: 0 } }, NOW);
    expect(ids(ranked)).toEqual([1, 4, 3, 6, 5, 2]);
  });

  it("without a query embedding every relevance is 0.5 and the rest decides", () => {
    // 2 for relevance plus: 2 -> 1.5, 5 -> 1, 4 -> 0.916667, 1 -> 0.5, 3 -> 0.416667, 6 -> 0
    const ranked = rankMemories(MEMORIES, { embedding: null, decay: HALVING }, NOW);
    expect(ids(ranked)).toEqual([2, 5, 4, 1, 3, 6]);
    expect(ranked.every((entry) => entry.components.relevance === 0.5)).toBe(true);
    expect(ranked[0]!.score).toBeCloseTo(3.5, 9);
  });

  it("gives 0.5 for a component on which all memories agree, never NaN", () => {
    const same = [1, 2, 3, 4].map((id) => memory(id, 5, 5, 0.5, [1, 1]));
    const ranked = rankMemories(same, { embedding: [1, 1] }, NOW);
    expect(ranked.every((entry) => Object.values(entry.components).every((value) => value === 0.5))).toBe(true);
    expect(ranked.every((entry) => entry.score === 3)).toBe(true);
    expect(ids(ranked)).toEqual([4, 3, 2, 1]);
    expect(minMaxNormalise([7])).toEqual([0.5]);
    expect(minMaxNormalise([2, 4, 3])).toEqual([0, 1, 0.5]);
    expect(minMaxNormalise([2, 4, 3], 4)).toEqual([0, 1, 0.0625]);
    expect(minMaxNormalise([7, 7], 4)).toEqual([0.5, 0.5]);
  });

  it("counts an access after now (a rewound clock) as fresh, and decays per game hour", () => {
    expect(recencyComponent(NOW + HOUR, NOW)).toBe(1);
    expect(recencyComponent(NOW - 24 * HOUR, NOW)).toBeCloseTo(0.886654, 6);
    expect(recencyComponent(NOW - 24 * HOUR, NOW, 0.9)).toBeCloseTo(0.9 ** 24, 12);
  });

  it("ignores an embedding from another model than the query's", () => {
    const other = { ...memory(9, 0, 5, 0, [1, 0]), embeddingModel: "other-model" };
    expect(rawComponents(other, { embedding: QUERY, model: "local-hash-256" }, NOW)).toMatchObject({ similarity: null, raw: { relevance: 0.5 } });
    expect(rawComponents(other, { embedding: QUERY, model: "other-model" }, NOW)).toMatchObject({ similarity: 1, raw: { relevance: 1 } });
  });
});

describe("retrieval weights", () => {
  it("accepts the defaults (relevance leads) and any non-negative mix", () => {
    expect(validateRetrievalWeights(DEFAULT_RETRIEVAL_WEIGHTS)).toEqual({ recency: 0.5, importance: 1, emotion: 0.5, relevance: 4 });
    expect(validateRetrievalWeights({ recency: 0, importance: 0, emotion: 0, relevance: 2.5 })).toEqual({ recency: 0, importance: 0, emotion: 0, relevance: 2.5 });
  });

  it.each([
    [{ recency: -1, importance: 1, emotion: 1, relevance: 1 }, /recency: must be a finite number >= 0 \(got -1\)/],
    [{ recency: 1, importance: Number.NaN, emotion: 1, relevance: 1 }, /importance: must be a finite number >= 0 \(got NaN\)/],
    [{ recency: 1, importance: 1, emotion: Number.POSITIVE_INFINITY, relevance: 1 }, /emotion: .*Infinity/],
    [{ recency: 1, importance: 1, emotion: 1 }, /relevance: must be a finite number >= 0 \(got undefined\)/],
    [{ recency: 0, importance: 0, emotion: 0, relevance: 0 }, /all four weights are 0/],
    [null, /expected an object/],
  ])("rejects %j", (weights, message) => {
    expect(() => validateRetrievalWeights(weights, "worlds/heartwood/world.json: $.retrieval")).toThrow(RetrievalWeightsError);
    expect(() => validateRetrievalWeights(weights)).toThrow(message);
  });

  it("names where the weights came from", () => {
    expect(() => validateRetrievalWeights({ recency: "1" }, "world.json: $.retrieval")).toThrow(/^world\.json: \$\.retrieval\.recency/);
  });

  it("rejects invalid weights and decay in rankMemories too", () => {
    expect(() => rankMemories(MEMORIES, { embedding: QUERY, weights: { recency: 0, importance: 0, emotion: 0, relevance: 0 } }, NOW)).toThrow(RetrievalWeightsError);
    expect(() => rankMemories(MEMORIES, { embedding: QUERY, decay: 1.5 }, NOW)).toThrow(/decay must be a number in \(0, 1\]/);
    expect(() => validateRecencyDecay(0)).toThrow(RetrievalWeightsError);
    expect(validateRecencyDecay(1)).toBe(1);
  });
});
