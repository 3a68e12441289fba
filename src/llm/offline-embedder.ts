import type { Logger } from "pino";
import { createHashingEmbedder, HASHING_MODEL } from "./hashing-embedder.ts";
import type { EmbeddingProvider } from "./task.ts";
import { createWordVectorEmbedder, WORD_VECTOR_MODEL } from "./word-vector-embedder.ts";
import { loadWordVectorTable, WORD_VECTOR_PACKAGE, type WordVectorTable } from "./word-vector-table.ts";

/** The embedders that run without a network, by the model name they store beside their vectors. */
export const OFFLINE_EMBEDDER_NAMES = [WORD_VECTOR_MODEL, HASHING_MODEL] as const;
export type OfflineEmbedderName = (typeof OFFLINE_EMBEDDER_NAMES)[number];

/** For benchmarks and tools that compare embedders: throws when the name is unknown or its vectors are missing. */
export function offlineEmbedderNamed(name: string): EmbeddingProvider {
  if (name === HASHING_MODEL) return createHashingEmbedder();
  if (name === WORD_VECTOR_MODEL) return createWordVectorEmbedder();
  throw new Error(`unknown offline embedder "${name}": choose one of ${OFFLINE_EMBEDDER_NAMES.join(", ")}`);
}

/**
 * The offline embedder named by OFFLINE_EMBEDDER (word vectors by default). When the word vectors cannot be
 * loaded it falls back to the hashing embedder and says so loudly, since retrieval then matches shared words only.
 */
export function createOfflineEmbedder(name: OfflineEmbedderName = WORD_VECTOR_MODEL, logger?: Logger, loadTable: () => WordVectorTable = loadWordVectorTable): EmbeddingProvider {
  if (name === HASHING_MODEL) return createHashingEmbedder();
  try {
    const table = loadTable();
    if (table.derived) logger?.info({ source: table.source, words: table.rows.size }, "word vectors derived from the installed package (once per install)");
    return createWordVectorEmbedder(table);
  } catch (error) {
    logger?.warn({ err: error, fallback: HASHING_MODEL }, `word vectors unavailable (is ${WORD_VECTOR_PACKAGE} installed? run npm ci): offline embeddings fall back to ${HASHING_MODEL}, which matches shared words only`);
    return createHashingEmbedder();
  }
}
