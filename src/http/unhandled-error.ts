import type { Request, Response } from "express";
import type { Logger } from "../log.ts";

export type ErrorLog = Pick<Logger, "error">;

/**
 * The last word on an error no route handled. Express's own 4xx (an undecodable URL, an unreadable
 * body) are said as such; anything else is a 500 whose details (SQL, stack, database messages) go to
 * the log, never to the client.
 */
export function sendUnhandledError(log: ErrorLog | undefined, error: unknown, request: Request, response: Response): void {
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    response.status(status).json({ error: "bad_request", message: `request could not be read (${(error as Error).message}); send it again` });
    return;
  }
  log?.error({ err: error, method: request.method, path: request.path }, "request failed");
  response.status(500).json({ error: "internal_error", message: "the server failed to handle this request; the server log has the details, try again later" });
}
