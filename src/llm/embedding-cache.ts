import { sha256 } from "../hash.ts";
import { LruCache } from "../shared-kernel/lru-cache.ts";
import { DEFAULT_EMBEDDING_CACHE_SIZE } from "./constants.ts";
import type { EmbeddingProvider } from "./task.ts";


/** Remembers vectors by model and text, so repeated texts (names, places, recurring observations) are embedded once. */
export class EmbeddingCache {
  private readonly vectors: LruCache<string, readonly number[]>;

  constructor(capacity = DEFAULT_EMBEDDING_CACHE_SIZE) {
    this.vectors = new LruCache(capacity);
  }

  get size(): number {
    return this.vectors.size;
  }

  /** A hash rather than the text itself keeps long memories from being held twice. */
  static key(model: string, text: string): string {
    return sha256(`${model}\n${text}`);
  }

  get(model: string, text: string): number[] | undefined {
    return this.vectors.get(EmbeddingCache.key(model, text))?.slice();
  }

  set(model: string, text: string, vector: readonly number[]): void {
    this.vectors.set(EmbeddingCache.key(model, text), vector.slice());
  }
}

/** The same embedder, asking its inner provider only for texts the cache lacks (each distinct text once). */
export function withEmbeddingCache(inner: EmbeddingProvider, cache = new EmbeddingCache()): EmbeddingProvider {
  return {
    model: inner.model,
    dimensions: inner.dimensions,
    async embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
      const found = texts.map((text) => cache.get(inner.model, text));
      const missing = [...new Set(texts.filter((_, index) => found[index] === undefined))];
      const fresh = new Map<string, number[]>();
      if (missing.length > 0) {
        const vectors = await inner.embed(missing, signal);
        missing.forEach((text, index) => {
          const vector = vectors[index] as number[];
          fresh.set(text, vector);
          cache.set(inner.model, text, vector);
        });
      }
      // From `fresh`, not the cache: a batch larger than the cache would have evicted its own start.
      return texts.map((text, index) => found[index] ?? (fresh.get(text) as number[]).slice());
    },
  };
}
