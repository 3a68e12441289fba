import type { RequestHandler, Response } from "express";
import { AuthError } from "./errors.ts";
import { sendAuthError } from "./http-errors.ts";
import { roleSatisfies, type Role } from "./roles.ts";
import type { TokenClaims, TokenService } from "./tokens.ts";

const HOW_TO_AUTHENTICATE = "send the header `Authorization: Bearer <token>` with the token from POST /auth/login or POST /auth/register";

/** The token in an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer +([^\s]+) *$/i.exec(header);
  return match?.[1];
}

/** Verifies the bearer token of an Authorization header; rejects with AuthError `unauthenticated`, `invalid_token` or `expired_token`. */
export async function authenticate(tokens: TokenService, authorizationHeader: string | undefined): Promise<TokenClaims> {
  const token = bearerToken(authorizationHeader);
  if (token === undefined) {
    const what = authorizationHeader ? "Authorization header is not of the form `Bearer <token>`" : "no Authorization header";
    throw new AuthError("unauthenticated", `${what}; ${HOW_TO_AUTHENTICATE}`);
  }
  return tokens.verify(token);
}

/**
 * Lets a request through only with a valid token whose role satisfies `role` (an admin satisfies
 * "player"), and puts its claims in `res.locals.user`. 401 without or with a bad token, 403 for a
 * role that is too low. The server's token service checks the account on use (checkingAccounts), so
 * the role is the account's current one and a deleted account's token gets 401.
 */
export function requireRole(tokens: TokenService, role: Role): RequestHandler {
  return async (request, response, next) => {
    let claims: TokenClaims;
    try {
      claims = await authenticate(tokens, request.get("authorization"));
    } catch (error) {
      if (error instanceof AuthError) return sendAuthError(response, error);
      return next(error);
    }
    if (!roleSatisfies(claims.role, role)) {
      return sendAuthError(response, new AuthError("forbidden", `${role} role required (this account has the role "${claims.role}"; an operator grants admin with "npm run users:admin -- promote USERNAME")`));
    }
    response.locals.user = claims;
    next();
  };
}

/** The claims `requireRole` stored for this request; throws when the route is not behind `requireRole` (a wiring bug). */
export function authenticatedUser(response: Response): TokenClaims {
  const user = response.locals.user as TokenClaims | undefined;
  if (!user) throw new Error("authenticatedUser() called on a route that is not guarded by requireRole()");
  return user;
}
