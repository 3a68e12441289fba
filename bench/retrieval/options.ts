import { OptionsError, parseCliOptions, parseWeightsOption, weightsOption, wholeNumberOption as whole } from "../support/cli-options.ts";
import { z } from "zod";
import { DEFAULT_RETRIEVAL_WEIGHTS } from "../../agents/memory/retrieval-score.ts";
import { DEFAULT_CANDIDATES } from "../../db/repositories/memory-retrieval.ts";
import { WORD_HASHING } from "../../src/llm/hashing-embedder.ts";
import { WORD_VECTOR_DIMENSIONS } from "../../src/llm/word-vector-table.ts";

/** wink-sg-100d-hash-1024: the word vectors and the hashing joined. */
const OFFLINE_DIMENSIONS = WORD_VECTOR_DIMENSIONS + WORD_HASHING.dimensions;

export interface RetrievalBenchOptions {
  agents: number;
  memoriesPerAgent: number;
  dims: number;
  queries: number;
  warmup: number;
  /** Topic clusters per agent. */
  topics: number;
  /** World topics the agents' topics are drawn from (0 = private topics per agent). */
  sharedTopics: number;
  /** Game days of history the memories span. */
  days: number;
  seed: number;
  limit: number;
  candidates: number;
  /** Length of the nearest-by-cosine list; undefined = the repository's default. */
  nearest: number | undefined;
  /** Weights of the score (default: the worlds' default). */
  weights: { recency: number; importance: number; emotion: number; relevance: number };
  /** hnsw.ef_search of the full retrieval; undefined = the repository's default. */
  efSearch: number | undefined;
  m: number;
  efConstruction: number;
  /** Memories per insert statement. */
  batch: number;
  json: boolean;
}

const DEFAULT_WEIGHTS = [DEFAULT_RETRIEVAL_WEIGHTS.recency, DEFAULT_RETRIEVAL_WEIGHTS.importance, DEFAULT_RETRIEVAL_WEIGHTS.emotion, DEFAULT_RETRIEVAL_WEIGHTS.relevance].join(",");

export const USAGE = `usage: npm run bench:retrieval -- [options]

Fills a throwaway database with clustered embeddings and plausible recency, importance and emotion,
builds the HNSW index, then times the full retrieval (db/repositories/memory-retrieval.ts, top 10) and
the bare pgvector top-10 query on the same data, and measures recall@10 of the retrieval against the exact
score computed in TypeScript over all of the agent's memories (each component normalised over the whole
stream, as a user would rank them), and the largest score error against the same formula over the
statement's own candidate union.

Backend: real Postgres when DATABASE_URL (or else TEST_DATABASE_URL) is set (a throwaway database is
created next to it and dropped at the end; the role needs CREATEDB), embedded PGlite otherwise.

  --agents N               agents (default 10)
  --memories-per-agent M   memories per agent (default 1000)
  --dims D                 embedding dimensions (default ${OFFLINE_DIMENSIONS}, the default offline embedder's)
  --queries Q              measured queries (default 200)
  --warmup W               unmeasured queries first (default 20)
  --topics T               topic clusters per agent (default 8)
  --shared-topics S        world topics the agents' topics are drawn from, so that agents remember the same
                           things (default 32; 0 = private topics, which makes the agent filter too easy)
  --days G                 game days of history (default 14)
  --seed S                 data seed (default 1)
  --limit L                memories returned per retrieval (default 10)
  --candidates C           length of the recent, important and emotional lists (default: the repository's)
  --nearest K              length of the nearest-by-cosine list (default: the repository's)
  --ef-search E            hnsw.ef_search for the retrieval (default: the repository's)
  --weights R,I,E,V        score weights recency,importance,emotion,relevance (default ${DEFAULT_WEIGHTS})
  --m M                    HNSW m (default 16)
  --ef-construction F      HNSW ef_construction (default 64)
  --batch B                memories per insert statement (default 1000)
  --json                   print exactly one JSON object on stdout
  --help                   this text`;

const OptionsSchema = z.strictObject({
  agents: whole("--agents", 1, 100_000).default(10),
  "memories-per-agent": whole("--memories-per-agent", 10, 1_000_000).default(1000),
  dims: whole("--dims", 2, 2000).default(OFFLINE_DIMENSIONS),
  queries: whole("--queries", 1, 1_000_000).default(200),
  warmup: whole("--warmup", 0, 100_000).default(20),
  topics: whole("--topics", 1, 1000).default(8),
  "shared-topics": whole("--shared-topics", 0, 100_000).default(32),
  days: whole("--days", 1, 10_000).default(14),
  seed: whole("--seed", 0, 2 ** 31).default(1),
  limit: whole("--limit", 1, 1000).default(10),
  candidates: whole("--candidates", 1, 10_000).optional(),
  nearest: whole("--nearest", 1, 10_000).optional(),
  weights: weightsOption.default(DEFAULT_WEIGHTS),
  "ef-search": whole("--ef-search", 1, 1000).optional(),
  m: whole("--m", 2, 100).default(16),
  "ef-construction": whole("--ef-construction", 4, 1000).default(64),
  batch: whole("--batch", 1, 100_000).default(1000),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

export { OptionsError };

export function parseRetrievalOptions(argv: readonly string[]): RetrievalBenchOptions | "help" {
  const o = parseCliOptions(argv, OptionsSchema, USAGE);
  if (o.help) return "help";
  if (o["ef-construction"] < 2 * o.m) throw new OptionsError(`--ef-construction (${o["ef-construction"]}) must be at least 2 * --m (${2 * o.m})`);
  return {
    agents: o.agents,
    memoriesPerAgent: o["memories-per-agent"],
    dims: o.dims,
    queries: o.queries,
    warmup: o.warmup,
    topics: o.topics,
    sharedTopics: o["shared-topics"],
    days: o.days,
    seed: o.seed,
    limit: o.limit,
    candidates: o.candidates ?? DEFAULT_CANDIDATES,
    nearest: o.nearest,
    weights: parseWeightsOption(o.weights),
    efSearch: o["ef-search"],
    m: o.m,
    efConstruction: o["ef-construction"],
    batch: o.batch,
    json: o.json,
  };
}
