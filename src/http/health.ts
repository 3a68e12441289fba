import type { Request, Response } from "express";
import type pg from "pg";
import { countAgents } from "../../db/repositories/agent-repository.ts";

export interface HealthDependencies {
  pool: pg.Pool;
  database: "embedded" | "postgres";
  llm: "offline" | "openai";
  countRooms(): number;
  /** How long the database may take to answer before it counts as unreachable. */
  timeoutMs?: number;
}

export function healthHandler(deps: HealthDependencies) {
  return async (_request: Request, response: Response) => {
    const base = { database: deps.database, llm: deps.llm, rooms: deps.countRooms() };
    try {
      const agents = await withTimeout(countAgents(deps.pool), deps.timeoutMs ?? 2_000);
      response.status(200).json({ status: "ok", ...base, agents });
    } catch (error) {
      response.status(503).json({ status: "error", ...base, failing: "database", error: (error as Error).message });
    }
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
