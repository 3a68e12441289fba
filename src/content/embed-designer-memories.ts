import type pg from "pg";
import { underSavepoint } from "../../db/client.ts";
import { listDesignerMemoriesToEmbed } from "../../db/repositories/designer-memory-embeddings.ts";
import { validateEmbedding } from "../../db/repositories/memory-embedding-validation.ts";
import { setEmbeddings } from "../../db/repositories/memory-repository.ts";
import type { EmbeddingProvider } from "../llm/task.ts";

// Texts per embedding request: well under what OpenAI-compatible endpoints accept in one call.
const EMBED_BATCH = 64;

export interface DesignerEmbeddings {
  model: string;
  embedded: number;
  /** Left without a vector; the world's room embeds them when it runs (its retry of unembedded memories). */
  pending: number;
  /** Why some were left, when the embedder failed. */
  error?: string;
}

/**
 * Embeds a world's designer memories inside the load's transaction, so agents recall them from the first
 * tick. The load never fails for it: when the embedder fails, what it did embed is undone (a savepoint)
 * and the memories wait for the room, as rows whose embedding failed always do.
 */
export async function embedDesignerMemories(client: pg.ClientBase, worldId: string, embedder: EmbeddingProvider): Promise<DesignerEmbeddings> {
  const rows = await listDesignerMemoriesToEmbed(client, worldId, embedder.model);
  const { model, dimensions } = embedder;
  if (rows.length === 0) return { model, embedded: 0, pending: 0 };
  try {
    return await underSavepoint(client, async () => {
      let embedded = 0;
      for (let start = 0; start < rows.length; start += EMBED_BATCH) {
        const batch = rows.slice(start, start + EMBED_BATCH);
        const vectors = await embedder.embed(batch.map((row) => row.content));
        // A text the embedder cannot place (only stop words) stays unembedded rather than failing the rest.
        const usable = batch.flatMap((row, index) => (isUsable(vectors[index], dimensions) ? [{ id: row.id, embedding: vectors[index]!, model, dimensions }] : []));
        embedded += await setEmbeddings(client, usable);
      }
      return { model, embedded, pending: rows.length - embedded };
    });
  } catch (error) {
    return { model, embedded: 0, pending: rows.length, error: (error as Error).message };
  }
}

function isUsable(vector: number[] | undefined, dimensions: number): boolean {
  try {
    validateEmbedding(vector ?? [], dimensions, "embedding");
    return true;
  } catch {
    return false;
  }
}
