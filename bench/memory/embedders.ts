/**
 * The embedders bench:memory can measure, by name. To add one, add a row: its name (what --embedder
 * takes), whether it knows what words mean (which target applies), whether a run without --embedder
 * measures it, why it cannot run here (or undefined), and how to make it.
 */
import { loadConfig } from "../../src/config.ts";
import { createProviders } from "../../src/llm/create-providers.ts";
import { WORD_HASHING, WORD_HASHING_256 } from "../../src/llm/hashing-embedder.ts";
import { offlineEmbedderNamed } from "../../src/llm/offline-embedder.ts";
import type { EmbeddingProvider } from "../../src/llm/task.ts";
import { WORD_VECTORS, WORD_VECTORS_256 } from "../../src/llm/word-vector-embedder.ts";
import { OptionsError } from "../support/cli-options.ts";

export interface BenchEmbedder {
  name: string;
  /** True when it is meant to match meaning, not only shared words: the semantic target applies. */
  semantic: boolean;
  /** Measured when no --embedder is given; the first versions of the offline embedders only on request. */
  byDefault: boolean;
  unavailable(env: NodeJS.ProcessEnv): string | undefined;
  create(env: NodeJS.ProcessEnv): EmbeddingProvider;
}

const offline = (model: string, semantic: boolean, byDefault: boolean): BenchEmbedder => ({
  name: model,
  semantic,
  byDefault,
  unavailable: () => undefined,
  create: () => offlineEmbedderNamed(model),
});

export const EMBEDDERS: readonly BenchEmbedder[] = [
  offline(WORD_HASHING.model, false, true),
  offline(WORD_VECTORS.model, true, true),
  {
    name: "openai",
    semantic: true,
    byDefault: true,
    unavailable: (env) =>
      env.OPENAI_API_KEY || env.OPENAI_BASE_URL ? undefined : "needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server), with EMBEDDING_MODEL and EMBEDDING_DIMENSIONS as for the server",
    // The server's own construction (retries, circuit breaker, cache), from the same variables.
    create: (env) => createProviders({ ...loadConfig(env), LLM_MODE: "openai" }).embedder,
  },
  offline(WORD_HASHING_256.model, false, false),
  offline(WORD_VECTORS_256.model, true, false),
];

/** The embedders named (comma-separated), or every default one that can run here when none is named. */
export function chooseEmbedders(names: string | undefined, env: NodeJS.ProcessEnv): BenchEmbedder[] {
  if (names === undefined) return EMBEDDERS.filter((embedder) => embedder.byDefault && embedder.unavailable(env) === undefined);
  return names.split(",").map((raw) => {
    const name = raw.trim();
    const embedder = EMBEDDERS.find((candidate) => candidate.name === name);
    if (!embedder) throw new OptionsError(`--embedder: unknown embedder "${name}"; known: ${EMBEDDERS.map((known) => known.name).join(", ")}`);
    const reason = embedder.unavailable(env);
    if (reason) throw new OptionsError(`--embedder ${name}: cannot run here: ${reason}`);
    return embedder;
  });
}
