/**
 * The embedders bench:memory can measure, by name. To add one, add a row: its name (what --embedder
 * takes), whether it knows what words mean (which target applies), why it cannot run here (or
 * undefined), and how to make it.
 */
import { loadConfig } from "../../src/config.ts";
import { createProviders } from "../../src/llm/create-providers.ts";
import { createHashingEmbedder, HASHING_MODEL } from "../../src/llm/hashing-embedder.ts";
import type { EmbeddingProvider } from "../../src/llm/task.ts";
import { createWordVectorEmbedder, WORD_VECTOR_MODEL } from "../../src/llm/word-vector-embedder.ts";
import { OptionsError } from "../support/cli-options.ts";

export interface BenchEmbedder {
  name: string;
  /** True when it is meant to match meaning, not only shared words: the semantic target applies. */
  semantic: boolean;
  unavailable(env: NodeJS.ProcessEnv): string | undefined;
  create(env: NodeJS.ProcessEnv): EmbeddingProvider;
}

export const EMBEDDERS: readonly BenchEmbedder[] = [
  {
    name: HASHING_MODEL,
    semantic: false,
    unavailable: () => undefined,
    create: () => createHashingEmbedder(),
  },
  {
    name: WORD_VECTOR_MODEL,
    semantic: true,
    unavailable: () => undefined,
    create: () => createWordVectorEmbedder(),
  },
  {
    name: "openai",
    semantic: true,
    unavailable: (env) =>
      env.OPENAI_API_KEY || env.OPENAI_BASE_URL ? undefined : "needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server), with EMBEDDING_MODEL and EMBEDDING_DIMENSIONS as for the server",
    // The server's own construction (retries, circuit breaker, cache), from the same variables.
    create: (env) => createProviders({ ...loadConfig(env), LLM_MODE: "openai" }).embedder,
  },
];

/** The embedders named (comma-separated), or every one that can run here when none is named. */
export function chooseEmbedders(names: string | undefined, env: NodeJS.ProcessEnv): BenchEmbedder[] {
  if (names === undefined) return EMBEDDERS.filter((embedder) => embedder.unavailable(env) === undefined);
  return names.split(",").map((raw) => {
    const name = raw.trim();
    const embedder = EMBEDDERS.find((candidate) => candidate.name === name);
    if (!embedder) throw new OptionsError(`--embedder: unknown embedder "${name}"; known: ${EMBEDDERS.map((known) => known.name).join(", ")}`);
    const reason = embedder.unavailable(env);
    if (reason) throw new OptionsError(`--embedder ${name}: cannot run here: ${reason}`);
    return embedder;
  });
}
