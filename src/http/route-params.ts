import type { NextFunction, Request, Response } from "express";
import type { z } from "zod";

/**
 * For `router.param(name, ...)`: a route parameter that does not match its id pattern is answered 400
 * here, so it never reaches a query or a file path.
 */
export function validRouteParam(schema: z.ZodType<string>, what: string) {
  return (_request: Request, response: Response, next: NextFunction, value: string) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return next();
    response.status(400).json({ error: "invalid_request", message: `${what} ${JSON.stringify(value.slice(0, 80))} ${parsed.error.issues[0]!.message}` });
  };
}
