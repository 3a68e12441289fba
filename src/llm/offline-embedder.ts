import type { Logger } from "pino";
import { createHashingEmbedder, WORD_HASHING, WORD_HASHING_256, type HashingScheme } from "./hashing-embedder.ts";
import type { EmbeddingProvider } from "./task.ts";
import { createWordVectorEmbedder, WORD_VECTORS, WORD_VECTORS_256, type WordVectorScheme } from "./word-vector-embedder.ts";
import { loadWordVectorTable, WORD_VECTOR_PACKAGE, type WordVectorTable } from "./word-vector-table.ts";

/**
 * The embedders that run without a network, by the model name they store beside their vectors: the word-vector
 * embedder (the default) and the hashing embedder it falls back to, then the first versions of both, kept so
 * that a database they filled can keep recalling by similarity.
 */
export const OFFLINE_EMBEDDER_NAMES = [WORD_VECTORS.model, WORD_HASHING.model, WORD_VECTORS_256.model, WORD_HASHING_256.model] as const;
export type OfflineEmbedderName = (typeof OFFLINE_EMBEDDER_NAMES)[number];

const SCHEMES = new Map<string, { words: WordVectorScheme } | { hashing: HashingScheme }>([
  [WORD_VECTORS.model, { words: WORD_VECTORS }],
  [WORD_HASHING.model, { hashing: WORD_HASHING }],
  [WORD_VECTORS_256.model, { words: WORD_VECTORS_256 }],
  [WORD_HASHING_256.model, { hashing: WORD_HASHING_256 }],
]);

/** For benchmarks and tools that compare embedders: throws when the name is unknown or its vectors are missing. */
export function offlineEmbedderNamed(name: string): EmbeddingProvider {
  const scheme = SCHEMES.get(name);
  if (!scheme) throw new Error(`unknown offline embedder "${name}": choose one of ${OFFLINE_EMBEDDER_NAMES.join(", ")}`);
  return "hashing" in scheme ? createHashingEmbedder(scheme.hashing) : createWordVectorEmbedder(loadWordVectorTable(), scheme.words);
}

/**
 * The offline embedder named by OFFLINE_EMBEDDER (word vectors by default). When the word vectors cannot be
 * loaded it falls back to the hashing embedder of the same generation and says so loudly, since retrieval
 * then matches shared words only.
 */
export function createOfflineEmbedder(name: OfflineEmbedderName = WORD_VECTORS.model, logger?: Logger, loadTable: () => WordVectorTable = loadWordVectorTable): EmbeddingProvider {
  const scheme = SCHEMES.get(name)!;
  if ("hashing" in scheme) return createHashingEmbedder(scheme.hashing);
  try {
    const table = loadTable();
    if (table.derived) logger?.info({ source: table.source, words: table.rows.size }, "word vectors derived from the installed package (once per install)");
    return createWordVectorEmbedder(table, scheme.words);
  } catch (error) {
    const fallback = scheme.words.hashing.model;
    logger?.warn({ err: error, fallback }, `word vectors unavailable (is ${WORD_VECTOR_PACKAGE} installed? run npm ci): offline embeddings fall back to ${fallback}, which matches shared words only`);
    return createHashingEmbedder(scheme.words.hashing);
  }
}
