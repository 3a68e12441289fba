import type pg from "pg";
import { withTransaction } from "../client.ts";
import { toVectorLiteral } from "./memory-embedding-validation.ts";
import { buildRetrieval, type RetrievalRequest } from "./memory-retrieval.ts";

/** pgvector's default ef_search, for the bare query: what a plain `ORDER BY embedding <=> q LIMIT 10` gets. */
export const BARE_EF_SEARCH = 40;

/** The plain pgvector top-k for one agent and model, with the same iterative scan so that the filter cannot starve it (bench/retrieval.ts' baseline). */
export function bareTopK(pool: pg.Pool, agentId: string, model: string, vector: readonly number[], k: number): Promise<number[]> {
  return underScanSettings(pool, BARE_EF_SEARCH, async (client) => {
    const { rows } = await client.query<{ id: string }>(bareSql(vector.length), [agentId, model, toVectorLiteral(vector), k]);
    return rows.map((row) => Number(row.id));
  });
}

/** Whether the planner uses the model's HNSW index for the retrieval's similarity list and for the bare query. */
export async function explainRetrievalPlans(pool: pg.Pool, request: RetrievalRequest): Promise<{ retrievalUsesHnsw: boolean; bareUsesHnsw: boolean; retrievalPlan: string }> {
  const { sql, params, efSearch } = buildRetrieval(request);
  const explain = async (client: pg.PoolClient, statement: string, values: unknown[]) =>
    (await client.query(`EXPLAIN ${statement}`, values)).rows.map((row) => row["QUERY PLAN"] as string).join("\n");
  const { plan, bare } = await underScanSettings(pool, efSearch, async (client) => ({
    plan: await explain(client, sql, params),
    bare: await explain(client, bareSql(request.queryEmbedding!.length), [request.agentId, request.model, toVectorLiteral(request.queryEmbedding!), request.limit ?? 10]),
  }));
  const usesHnsw = (text: string) => /Index Scan using agent_memories_embedding_/.test(text);
  return { retrievalUsesHnsw: usesHnsw(plan), bareUsesHnsw: usesHnsw(bare), retrievalPlan: plan.replace(/'\[[^\]]*\]'/g, "'[...]'") };
}

function bareSql(dims: number): string {
  return `SELECT id FROM agent_memories WHERE agent_id = $1 AND embedding_model = $2 AND vector_dims(embedding) = ${dims}
    ORDER BY (embedding::vector(${dims})) <=> $3::vector(${dims}) LIMIT $4`;
}

function underScanSettings<T>(pool: pg.Pool, efSearch: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query(`SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = ${efSearch}`);
    return work(client);
  });
}
