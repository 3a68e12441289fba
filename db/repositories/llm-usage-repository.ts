import type pg from "pg";

type Db = pg.Pool | pg.ClientBase;

export interface LlmUsage {
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  failed: number;
}

export interface LlmCallView {
  id: string;
  purpose: string;
  provider: string;
  model: string;
  status: string;
  error: string | null;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  costUsd: number;
  gameTime: number | null;
  at: string;
}

const USAGE = `count(*)::int AS calls, coalesce(sum(tokens_in), 0)::bigint AS tokens_in, coalesce(sum(tokens_out), 0)::bigint AS tokens_out,
  coalesce(sum(cost_usd), 0)::float8 AS cost_usd, count(*) FILTER (WHERE status <> 'ok')::int AS failed`;

export async function agentLlmUsage(db: Db, agentId: string): Promise<LlmUsage> {
  const { rows } = await db.query(`SELECT ${USAGE} FROM llm_calls WHERE agent_id = $1`, [agentId]);
  return toUsage(rows[0]);
}

export async function recentAgentLlmCalls(db: Db, agentId: string, limit: number): Promise<LlmCallView[]> {
  const { rows } = await db.query(
    `SELECT id, purpose, provider, model, status, error, tokens_in, tokens_out, latency_ms, cost_usd::float8 AS cost_usd, game_time, created_at
     FROM llm_calls WHERE agent_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [agentId, limit],
  );
  return rows.map((row) => ({
    id: String(row.id),
    purpose: row.purpose,
    provider: row.provider,
    model: row.model,
    status: row.status,
    error: row.error,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    latencyMs: row.latency_ms,
    costUsd: row.cost_usd,
    gameTime: row.game_time === null ? null : Number(row.game_time),
    at: new Date(row.created_at).toISOString(),
  }));
}

/** A world's LLM use: all time, in the last real minute, and in the last game hour before `gameTime`. */
export async function worldLlmUsage(db: Db, worldId: string, gameTime: number): Promise<{ total: LlmUsage; lastMinute: LlmUsage; lastGameHour: LlmUsage }> {
  const { rows } = await db.query(
    `SELECT 'total' AS span, ${USAGE} FROM llm_calls WHERE world_id = $1
     UNION ALL SELECT 'minute', ${USAGE} FROM llm_calls WHERE world_id = $1 AND created_at > now() - interval '1 minute'
     UNION ALL SELECT 'hour', ${USAGE} FROM llm_calls WHERE world_id = $1 AND game_time > $2::bigint - 3600`,
    [worldId, Math.floor(gameTime)],
  );
  const by = new Map(rows.map((row) => [row.span as string, toUsage(row)]));
  return { total: by.get("total")!, lastMinute: by.get("minute")!, lastGameHour: by.get("hour")! };
}

function toUsage(row: Record<string, unknown> | undefined): LlmUsage {
  return {
    calls: Number(row?.calls ?? 0),
    tokensIn: Number(row?.tokens_in ?? 0),
    tokensOut: Number(row?.tokens_out ?? 0),
    costUsd: Number(row?.cost_usd ?? 0),
    failed: Number(row?.failed ?? 0),
  };
}
