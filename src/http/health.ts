import type { Request, Response } from "express";
import type pg from "pg";
import { countAgents } from "../../db/repositories/agent-repository.ts";
import type { Logger } from "../log.ts";

export interface HealthDependencies {
  pool: pg.Pool;
  database: "embedded" | "postgres";
  llm: "offline" | "openai";
  countRooms(): number;
  /** Live-state writes waiting for the database, and the last flush error if the latest flush failed. */
  persistence(): { pending: number; failure?: Error };
  /** How long the database may take to answer before it counts as unreachable. */
  timeoutMs?: number;
  log: Pick<Logger, "warn">;
}

class HealthTimeout extends Error {}

/**
 * 200 "ok" when the database answers and live state is being written; 503 "degraded" when the
 * database is unreachable or writes are failing (the world keeps running and writes are queued),
 * with the failing part named. /health is public: a database error's own text (addresses, table and
 * constraint names) goes to the log, never into the answer.
 */
export function healthHandler(deps: HealthDependencies) {
  return async (_request: Request, response: Response) => {
    const { pending, failure } = deps.persistence();
    const base = { database: deps.database, llm: deps.llm, rooms: deps.countRooms(), pendingWrites: pending };
    let agents: number;
    try {
      agents = await withTimeout(countAgents(deps.pool), deps.timeoutMs ?? 2_000);
    } catch (error) {
      if (!(error instanceof HealthTimeout)) deps.log.warn({ err: (error as Error).message }, "health check: the database query failed");
      const reason = error instanceof HealthTimeout ? error.message : "the database refused the query or the connection; the server log has the error";
      response.status(503).json({ status: "degraded", ...base, failing: "database", error: reason });
      return;
    }
    if (failure) {
      response.status(503).json({ status: "degraded", ...base, agents, failing: "persistence", error: "the last flush of live state failed; the server log has the error (\"flush failed\")" });
      return;
    }
    response.status(200).json({ status: "ok", ...base, agents });
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeout(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
