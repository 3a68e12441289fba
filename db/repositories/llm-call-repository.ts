import type pg from "pg";

export interface LlmCallRow {
  worldId: string | null;
  agentId: string | null;
  purpose: string;
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  costUsd: number;
  status: string;
  error: string | null;
  gameTime: number | null;
}

/** Many calls in one statement: calls are recorded write-behind, in batches. */
export async function insertLlmCalls(db: pg.Pool | pg.ClientBase, calls: readonly LlmCallRow[]): Promise<void> {
  if (calls.length === 0) return;
  await db.query(
    `INSERT INTO llm_calls (world_id, agent_id, purpose, provider, model, tokens_in, tokens_out, latency_ms, cost_usd, status, error, game_time)
     SELECT r.world_id, r.agent_id, r.purpose, r.provider, r.model, r.tokens_in, r.tokens_out, r.latency_ms, r.cost_usd, r.status, r.error, r.game_time
     FROM jsonb_to_recordset($1::jsonb) AS r(world_id text, agent_id text, purpose text, provider text, model text, tokens_in int,
       tokens_out int, latency_ms int, cost_usd numeric, status text, error text, game_time bigint)`,
    [
      JSON.stringify(
        calls.map((call) => ({
          world_id: call.worldId,
          agent_id: call.agentId,
          purpose: call.purpose,
          provider: call.provider,
          model: call.model,
          tokens_in: Math.round(call.tokensIn),
          tokens_out: Math.round(call.tokensOut),
          latency_ms: Math.round(call.latencyMs),
          cost_usd: call.costUsd,
          status: call.status,
          error: call.error,
          game_time: call.gameTime === null ? null : Math.floor(call.gameTime),
        })),
      ),
    ],
  );
}
