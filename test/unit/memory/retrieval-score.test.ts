import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRIEVAL_WEIGHTS,
  rankMemories,
  recencyComponent,
  RetrievalWeightsError,
  scoreMemory,
  validateRecencyDecay,
  validateRetrievalWeights,
  type ScorableMemory,
} from "../../../agents/memory/retrieval-score.ts";

const HOUR = 3600;
const NOW = 300 * HOUR;

/** A memory last accessed `hoursAgo` game hours before NOW. */
function memory(id: number, hoursAgo: number, importanceScore: number, emotionalRelevance: number, embedding: number[] | null): ScorableMemory {
  return { id, lastAccessedGameTime: NOW - hoursAgo * HOUR, importanceScore, emotionalRelevance, embedding };
}

/*
 * Query [1, 0]. Components (decay 0.995 per game hour):
 *   recency 0.995^h:  h=0 -> 1, 10 -> 0.951110, 24 -> 0.886654, 50 -> 0.778313, 100 -> 0.605770, 200 -> 0.366958
 *   relevance (1 + cos)/2:  [1,0] -> 1, [4,3] (cos .8) -> 0.9, [1,1] (cos .7071) -> 0.853553, [3,4] (cos .6) -> 0.8,
 *                           [0,1] (cos 0) -> 0.5, no embedding -> 0.5, [-1,0] (cos -1) -> 0
 *
 *   id  hours  imp  emo  vector   recency   + imp/10 + emo + relevance  = score (weights 1,1,1,1)
 *   1   0      2    0.1  [0,1]    1         + 0.2    + 0.1 + 0.5        = 1.800000
 *   2   200    9    0.9  [-1,0]   0.366958  + 0.9    + 0.9 + 0          = 2.166958
 *   3   10     5    0.2  [1,0]    0.951110  + 0.5    + 0.2 + 1          = 2.651110
 *   4   50     7    0.5  [4,3]    0.778313  + 0.7    + 0.5 + 0.9        = 2.878313
 *   5   100    10   1.0  none     0.605770  + 1.0    + 1.0 + 0.5        = 3.105770
 *   6   24     3    0    [3,4]    0.886654  + 0.3    + 0   + 0.8        = 1.986654
 *   7   0      0    0    [-1,0]   1         + 0      + 0   + 0          = 1.000000
 *   8   100    6    0.3  [1,1]    0.605770  + 0.6    + 0.3 + 0.853553   = 2.359323
 */
const MEMORIES: ScorableMemory[] = [
  memory(1, 0, 2, 0.1, [0, 1]),
  memory(2, 200, 9, 0.9, [-1, 0]),
  memory(3, 10, 5, 0.2, [1, 0]),
  memory(4, 50, 7, 0.5, [4, 3]),
  memory(5, 100, 10, 1.0, null),
  memory(6, 24, 3, 0, [3, 4]),
  memory(7, 0, 0, 0, [-1, 0]),
  memory(8, 100, 6, 0.3, [1, 1]),
];
const QUERY = [1, 0];

const ids = (ranked: { memory: ScorableMemory }[]) => ranked.map((entry) => entry.memory.id);

describe("retrieval score (Park et al., fixed-range normalisation)", () => {
  it("ranks the hand-made set exactly as worked out by hand, with the expected scores", () => {
    const ranked = rankMemories(MEMORIES, { embedding: QUERY }, NOW);
    expect(ids(ranked)).toEqual([5, 4, 3, 8, 2, 6, 1, 7]);
    const expected: Record<number, number> = { 5: 3.10577, 4: 2.878313, 3: 2.65111, 8: 2.359323, 2: 2.166958, 6: 1.986654, 1: 1.8, 7: 1 };
    for (const entry of ranked) expect(entry.score).toBeCloseTo(expected[entry.memory.id]!, 5);
    const top = ranked[0]!;
    expect(top.similarity).toBeNull();
    expect(top.components).toEqual({ recency: expect.closeTo(0.60577, 5), importance: 1, emotion: 1, relevance: 0.5 });
  });

  it("relevance alone orders by cosine; equal scores put the newer memory (higher id) first", () => {
    // 1 (cos 1), .9, .8536, .8, then ids 5 and 1 tie at 0.5, then ids 7 and 2 tie at 0.
    const ranked = rankMemories(MEMORIES, { embedding: QUERY, weights: { recency: 0, importance: 0, emotion: 0, relevance: 1 } }, NOW);
    expect(ids(ranked)).toEqual([3, 4, 8, 6, 5, 1, 7, 2]);
  });

  it("recency alone orders by time since last access", () => {
    // 7 and 1 (h=0) tie, then h=10, 24, 50, then 8 and 5 (h=100) tie, then h=200.
    const ranked = rankMemories(MEMORIES, { embedding: QUERY, weights: { recency: 1, importance: 0, emotion: 0, relevance: 0 } }, NOW);
    expect(ids(ranked)).toEqual([7, 1, 3, 6, 4, 8, 5, 2]);
  });

  it("tripling the recency weight moves the fresh memories past the important old one", () => {
    // score + 2 * recency: 3 -> 4.553330, 4 -> 4.434939, 5 -> 4.317310, 1 -> 3.8, 6 -> 3.759962, 8 -> 3.570863, 7 -> 3, 2 -> 2.900874
    const ranked = rankMemories(MEMORIES, { embedding: QUERY, weights: { recency: 3, importance: 1, emotion: 1, relevance: 1 } }, NOW);
    expect(ids(ranked)).toEqual([3, 4, 5, 1, 6, 8, 7, 2]);
    expect(ranked[0]!.score).toBeCloseTo(4.55333, 4);
  });

  it("without a query embedding every relevance is 0.5 and the rest decides", () => {
    const ranked = rankMemories(MEMORIES, { embedding: null }, NOW);
    // recency + importance + emotion + 0.5: 5 -> 3.10577, 2 -> 2.666958, 4 -> 2.478313, 3 -> 2.15111, 8 -> 2.00577, 1 -> 1.8, 6 -> 1.686654, 7 -> 1.5
    expect(ids(ranked)).toEqual([5, 2, 4, 3, 8, 1, 6, 7]);
    expect(ranked.every((entry) => entry.components.relevance === 0.5)).toBe(true);
  });

  it("gives equal, finite scores to memories that are all equal (no NaN from normalisation)", () => {
    const same = [1, 2, 3, 4].map((id) => memory(id, 5, 5, 0.5, [1, 1]));
    const ranked = rankMemories(same, { embedding: [1, 1] }, NOW);
    expect(ranked.every((entry) => Number.isFinite(entry.score))).toBe(true);
    expect(new Set(ranked.map((entry) => entry.score)).size).toBe(1);
    expect(ids(ranked)).toEqual([4, 3, 2, 1]);
  });

  it("scores a memory the same whatever the other candidates are", () => {
    const alone = scoreMemory(MEMORIES[3]!, { embedding: QUERY }, NOW);
    const inSet = rankMemories(MEMORIES, { embedding: QUERY }, NOW).find((entry) => entry.memory.id === 4)!;
    expect(inSet.score).toBe(alone.score);
  });

  it("counts an access after now (a rewound clock) as fresh, and decays per game hour", () => {
    expect(recencyComponent(NOW + HOUR, NOW)).toBe(1);
    expect(recencyComponent(NOW - 24 * HOUR, NOW)).toBeCloseTo(0.886654, 6);
    expect(recencyComponent(NOW - 24 * HOUR, NOW, 0.9)).toBeCloseTo(0.9 ** 24, 12);
  });

  it("ignores an embedding from another model than the query's", () => {
    const other = { ...memory(9, 0, 5, 0, [1, 0]), embeddingModel: "other-model" };
    expect(scoreMemory(other, { embedding: QUERY, model: "local-hash-256" }, NOW).components.relevance).toBe(0.5);
    expect(scoreMemory(other, { embedding: QUERY, model: "other-model" }, NOW).components.relevance).toBe(1);
  });
});

describe("retrieval weights", () => {
  it("accepts Park et al.'s defaults and any non-negative mix", () => {
    expect(validateRetrievalWeights(DEFAULT_RETRIEVAL_WEIGHTS)).toEqual({ recency: 1, importance: 1, emotion: 1, relevance: 1 });
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
