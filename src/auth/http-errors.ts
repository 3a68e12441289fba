import type { ErrorRequestHandler, Response } from "express";
import type { Logger } from "../log.ts";
import { sendUnhandledError } from "../http/unhandled-error.ts";
import { AuthError } from "./errors.ts";

export type AuthLog = Pick<Logger, "info" | "warn" | "error">;

const TOKEN_CODES = new Set(["unauthenticated", "invalid_token", "expired_token"]);

/** Sends an AuthError as `{ error: code, message }` with its status, `Retry-After` and, for token problems, `WWW-Authenticate`. */
export function sendAuthError(response: Response, error: AuthError): void {
  if (error.retryAfterSeconds !== undefined) response.set("Retry-After", String(error.retryAfterSeconds));
  if (TOKEN_CODES.has(error.code)) {
    // RFC 6750: a 401 for a bearer-protected resource names the scheme (and the error, when a token was sent).
    response.set("WWW-Authenticate", error.code === "unauthenticated" ? 'Bearer realm="living-world"' : 'Bearer realm="living-world", error="invalid_token"');
  }
  response.status(error.status).json(error.toBody());
}

// Errors from express.json (body-parser), told apart by their `type`.
const BODY_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  "entity.parse.failed": {
    status: 400,
    error: "invalid_json",
    message: 'request body is not valid JSON; send an object such as {"username": "...", "password": "..."} with Content-Type: application/json',
  },
  "entity.too.large": { status: 413, error: "payload_too_large", message: "request body is larger than 16 kB; send only the fields this endpoint takes" },
  "encoding.unsupported": { status: 415, error: "unsupported_media_type", message: "request body uses an unsupported Content-Encoding; send it uncompressed" },
  "charset.unsupported": { status: 415, error: "unsupported_media_type", message: "request body must be UTF-8 JSON; use Content-Type: application/json; charset=utf-8" },
};

/**
 * Last handler of the auth router: every failure becomes JSON with a code and a message a client can
 * act on. Nothing internal (stack, SQL, body contents) is sent; unexpected errors are logged here.
 */
export function authErrorHandler(log?: AuthLog): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) return next(error);
    if (error instanceof AuthError) return sendAuthError(response, error);
    const bodyError = BODY_ERRORS[(error as { type?: string }).type ?? ""];
    if (bodyError) {
      response.status(bodyError.status).json({ error: bodyError.error, message: bodyError.message });
      return;
    }
    sendUnhandledError(log, error, request, response);
  };
}
