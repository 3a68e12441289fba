import type { EmbeddingProvider } from "./task.ts";

/** Word pairs carry some order ("fire the smith" vs "the smith's fire") but count less than words. */
const UNIGRAM_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;

/**
 * Words so common that sharing them says nothing about two texts; left in, they make every pair of
 * English sentences look alike. The remains of possessives and contractions ("smith's", "don't") too.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an the and or but if of at by for with to from in on into onto over under about as " +
    "is are was were be been being am do does did has have had it its this that these those " +
    "i me my we our you your he him his she her they them their s t d ll re ve m").split(" "),
);

/**
 * Words that shape a question without saying what it is about (question words, auxiliaries, vague
 * pronouns): "When is the caravan coming?" is about the caravan, and a memory that shares only "when"
 * with it is not an answer.
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  ("what when where who whom whose why which how much many will would can could should shall must may might any anyone anybody anything " +
    "some someone somebody something there here still now there's up get got does did do not no so than then out all again just " +
    "we our us happened happen going coming soon lately today yet ever").split(" "),
);

/** A hashing embedder's parameters; the model name stored beside its vectors names exactly one of these. */
export interface HashingScheme {
  model: string;
  dimensions: number;
  stopWords: ReadonlySet<string>;
  /** Buckets each feature is added to, each with a sign of its own. */
  probes: number;
}

/**
 * The hashing embedder: 1024 dimensions and two buckets per feature, so that a collision between two of a
 * sentence's 20-30 features shifts it a little instead of cancelling a shared word or inventing one (at 256
 * dimensions and one bucket, "Is a tax due soon?" was closer to "Silas and I are more alike than I thought"
 * than to the tax collector's arrival), and question words left out. Ranked by relevance alone, the planted
 * fact came in the top 3 for 0.92-0.94 of bench:memory's questions that share a word with it (seeds 1-3),
 * against 0.75 for local-hash-256 (seed 1); one bucket per feature gave 0.88-0.91.
 */
export const WORD_HASHING: HashingScheme = { model: "local-hash-1024", dimensions: 1024, stopWords: new Set([...STOP_WORDS, ...QUESTION_WORDS]), probes: 2 };
/** The first hashing embedder, kept unchanged so that databases it filled still recall by similarity. */
export const WORD_HASHING_256: HashingScheme = { model: "local-hash-256", dimensions: 256, stopWords: STOP_WORDS, probes: 1 };

export const HASHING_MODEL = WORD_HASHING.model;

/**
 * The offline embedder: feature hashing of words and word pairs (stop words left out) into signed dimensions, L2-normalised.
 * Texts that share words point the same way, so cosine similarity works as a crude relevance signal;
 * it knows no synonyms. Deterministic across processes and machines: the same text always gets the
 * same vector, which keeps stored vectors valid between runs.
 */
export function createHashingEmbedder(scheme: HashingScheme = WORD_HASHING): EmbeddingProvider {
  return {
    model: scheme.model,
    dimensions: scheme.dimensions,
    async embed(texts: readonly string[]): Promise<number[][]> {
      return texts.map((text) => hashingEmbedding(text, scheme));
    },
  };
}

export function hashingEmbedding(text: string, scheme: HashingScheme = WORD_HASHING): number[] {
  const vector = new Array<number>(scheme.dimensions).fill(0);
  const words = tokenize(text, scheme.stopWords);
  words.forEach((word, index) => {
    addFeature(vector, `w:${word}`, UNIGRAM_WEIGHT, scheme.probes);
    if (index > 0) addFeature(vector, `b:${words[index - 1]} ${word}`, BIGRAM_WEIGHT, scheme.probes);
  });
  // A zero vector has no direction and breaks cosine distance: text without words (or whose features
  // cancel out) is hashed whole instead.
  if (norm(vector) === 0) addFeature(vector, `raw:${text}`, 1, 1);
  const length = norm(vector);
  return vector.map((value) => value / length);
}

/** Lowercased letter/digit runs without stop words, a plural "s" dropped so "apples" meets "apple". */
export function tokenize(text: string, stopWords: ReadonlySet<string> = WORD_HASHING.stopWords): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => !stopWords.has(word)).map(stemPlural);
}

function stemPlural(word: string): string {
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

function addFeature(vector: number[], feature: string, weight: number, probes: number): void {
  for (let probe = 0; probe < probes; probe += 1) addToBucket(vector, probe === 0 ? feature : `${probe}:${feature}`, weight);
}

function addToBucket(vector: number[], feature: string, weight: number): void {
  const hash = hash32(feature);
  const index = hash % vector.length;
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

/** Euclidean length. */
export function norm(vector: ArrayLike<number>): number {
  let squares = 0;
  for (let d = 0; d < vector.length; d += 1) squares += (vector[d] as number) ** 2;
  return Math.sqrt(squares);
}
