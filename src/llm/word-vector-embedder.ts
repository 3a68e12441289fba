import { hash32, hashingEmbedding, norm, STOP_WORDS, WORD_HASHING, WORD_HASHING_256, type HashingScheme } from "./hashing-embedder.ts";
import { createRng } from "../world/rng.ts";
import type { EmbeddingProvider } from "./task.ts";
import { loadWordVectorTable, type WordVectorTable } from "./word-vector-table.ts";

/**
 * A word-vector embedder's parameters: which hashing embedder supplies the shared-word part, and the share
 * of the cosine that comes from meaning (the word vectors); the rest comes from the words themselves.
 * Averaged word vectors blur names and exact terms ("What did Nell lose?" drifting to any sentence about
 * people); exact-word evidence puts them back, at some cost to paraphrases.
 */
export interface WordVectorScheme {
  model: string;
  hashing: HashingScheme;
  meaningShare: number;
}

/**
 * The default: meaning 0.7, words 0.3 (local-hash-1024). Ranked by relevance alone over a week of
 * bench:memory's streams (12 agents, 72 planted facts), the fact came in the top 3 for 0.92 of the questions
 * sharing a word with it and 0.24 of the paraphrases; at 0.8 meaning, 0.89 and 0.27; at 0.6, 0.94 and 0.24.
 * Among heartwood's own sentences (test/unit/llm/offline-embedder-recall) more meaning finds more paraphrases
 * (0.75 at 0.9, 0.5 at 0.7), at the cost of questions in the fact's own words.
 */
export const WORD_VECTORS: WordVectorScheme = { model: "wink-sg-100d-hash-1024", hashing: WORD_HASHING, meaningShare: 0.7 };
/**
 * The first word-vector embedder, kept unchanged so that databases it filled still recall by similarity:
 * meaning 0.9, words 0.1 of local-hash-256 (relevance-only top 3 on bench:memory: 0.81 and 0.27).
 */
export const WORD_VECTORS_256: WordVectorScheme = { model: "wink-sg-100d-hash-256", hashing: WORD_HASHING_256, meaningShare: 0.9 };

export const WORD_VECTOR_MODEL = WORD_VECTORS.model;

/**
 * Smooth inverse frequency (Arora et al. 2017): a word counts a / (a + p(word)), so "said" or "time" barely
 * move the sentence while "festival" or "forge" lead it. p(word) is estimated from the word's frequency rank
 * by Zipf's law over GloVe's 400k-word vocabulary (p(rank) = 1 / (rank * H), H = ln 400k + 0.58).
 */
const SIF_A = 1e-3;
const ZIPF_HARMONIC = Math.log(400_000) + 0.5772;
/** Words outside the table are rare by definition (names, coinages): they count fully. */
const UNKNOWN_WORD_WEIGHT = 1;

/**
 * The offline embedder that knows words mean things: a sentence is the frequency-weighted mean of its words'
 * GloVe vectors (stop words out), so "the smith mended the blade" and "the blacksmith repaired the sword" point
 * the same way without sharing a word, joined to the hashing embedder's vector of the same text, so shared
 * words and names still count (cosine = meaningShare x meaning + the rest x shared words). Words the table
 * lacks (most names in a world file) get a fixed pseudo-random direction of their own in the meaning part.
 * Unit length, deterministic across processes and machines.
 */
export function createWordVectorEmbedder(table: WordVectorTable = loadWordVectorTable(), scheme: WordVectorScheme = WORD_VECTORS): EmbeddingProvider {
  return {
    model: scheme.model,
    dimensions: table.dimensions + scheme.hashing.dimensions,
    async embed(texts: readonly string[]): Promise<number[][]> {
      return texts.map((text) => wordVectorEmbedding(table, text, scheme));
    },
  };
}

export function wordVectorEmbedding(table: WordVectorTable, text: string, scheme: WordVectorScheme = WORD_VECTORS): number[] {
  const meaning = meaningVector(table, text).map((value) => value * Math.sqrt(scheme.meaningShare));
  const words = hashingEmbedding(text, scheme.hashing).map((value) => value * Math.sqrt(1 - scheme.meaningShare));
  return [...meaning, ...words];
}

/** The SIF-weighted mean of the text's word vectors, unit length. */
function meaningVector(table: WordVectorTable, text: string): number[] {
  const sum = new Float64Array(table.dimensions);
  for (const word of words(text)) {
    const row = rowOf(table, word);
    if (row === undefined) addScaled(sum, unknownWordVector(word, table.dimensions), 0, UNKNOWN_WORD_WEIGHT);
    else addScaled(sum, table.vectors, row * table.dimensions, sifWeight(row));
  }
  // Text without words (or whose words cancel out) still needs a direction: cosine distance breaks on zero.
  if (norm(sum) === 0) addScaled(sum, unknownWordVector(`raw:${text}`, table.dimensions), 0, 1);
  const total = norm(sum);
  return Array.from(sum, (value) => value / total);
}

/** Lowercased letter/digit runs without stop words; unlike the hashing embedder no stemming ("news" is not "new"). */
function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !STOP_WORDS.has(word));
}

function rowOf(table: WordVectorTable, word: string): number | undefined {
  const row = table.rows.get(word);
  if (row !== undefined || word.length <= 3 || !word.endsWith("s")) return row;
  return table.rows.get(word.slice(0, -1));
}

function sifWeight(row: number): number {
  const probability = 1 / ((row + 1) * ZIPF_HARMONIC);
  return SIF_A / (SIF_A + probability);
}

/** A unit vector seeded by the word's hash: the same word, the same direction, everywhere. */
function unknownWordVector(word: string, dimensions: number): Float64Array {
  const rng = createRng(hash32(word));
  const vector = Float64Array.from({ length: dimensions }, () => rng.next() * 2 - 1);
  const total = norm(vector);
  return vector.map((value) => value / total);
}

function addScaled(sum: Float64Array, source: ArrayLike<number>, offset: number, weight: number): void {
  for (let d = 0; d < sum.length; d += 1) sum[d] = (sum[d] as number) + weight * (source[offset + d] as number);
}
