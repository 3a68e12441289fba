import type { EmbeddingProvider } from "./task.ts";

export const HASHING_MODEL = "local-hash-256";
export const HASHING_DIMENSIONS = 256;

/** Word pairs carry some order ("fire the smith" vs "the smith's fire") but count less than words. */
const UNIGRAM_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;

/**
 * The offline embedder: feature hashing of words and word pairs (stop words left out) into 256 signed dimensions, L2-normalised.
 * Texts that share words point the same way, so cosine similarity works as a crude relevance signal;
 * it knows no synonyms. Deterministic across processes and machines: the same text always gets the
 * same vector, which keeps stored vectors valid between runs.
 */
export function createHashingEmbedder(): EmbeddingProvider {
  return {
    model: HASHING_MODEL,
    dimensions: HASHING_DIMENSIONS,
    async embed(texts: readonly string[]): Promise<number[][]> {
      return texts.map(hashingEmbedding);
    },
  };
}

export function hashingEmbedding(text: string): number[] {
  const vector = new Array<number>(HASHING_DIMENSIONS).fill(0);
  const words = tokenize(text);
  words.forEach((word, index) => {
    addFeature(vector, `w:${word}`, UNIGRAM_WEIGHT);
    if (index > 0) addFeature(vector, `b:${words[index - 1]} ${word}`, BIGRAM_WEIGHT);
  });
  // A zero vector has no direction and breaks cosine distance: text without words (or whose features
  // cancel out) is hashed whole instead.
  if (norm(vector) === 0) addFeature(vector, `raw:${text}`, 1);
  const length = norm(vector);
  return vector.map((value) => value / length);
}

/**
 * Words so common that sharing them says nothing about two texts; left in, they make every pair of
 * English sentences look alike. The remains of possessives and contractions ("smith's", "don't") too.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an the and or but if of at by for with to from in on into onto over under about as " +
    "is are was were be been being am do does did has have had it its this that these those " +
    "i me my we our you your he him his she her they them their s t d ll re ve m").split(" "),
);

/** Lowercased letter/digit runs without stop words, a plural "s" dropped so "apples" meets "apple". */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => !STOP_WORDS.has(word)).map(stemPlural);
}

function stemPlural(word: string): string {
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function addFeature(vector: number[], feature: string, weight: number): void {
  const hash = hash32(feature);
  const index = hash % HASHING_DIMENSIONS;
  // The sign comes from bits the index does not use, so colliding features tend to cancel rather than pile up.
  const sign = hash & 0x8000_0000 ? -1 : 1;
  vector[index] = (vector[index] ?? 0) + sign * weight;
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so that every output bit depends on every input bit. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}
