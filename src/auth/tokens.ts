import { jwtVerify, SignJWT, type JWTPayload } from "jose";
import { z } from "zod";
import { AuthError } from "./errors.ts";
import { ROLES, type Role } from "./roles.ts";

/**
 * Signed session tokens: HS256 JWTs with `sub` (user id), `username`, `role`, `iss`, `iat` and `exp`.
 * Built on `jose` rather than hand-rolled HMAC so that algorithm pinning, base64url parsing and claim
 * checks come from a well-reviewed library; this module only pins the choices and words the errors.
 * The token alone is stateless; the server verifies account tokens through checkingAccounts
 * (account-check.ts), which reads the account on use, so a role change or a deleted account counts
 * within ACCOUNT_CHECK_CACHE_MS rather than when the token expires.
 */
export interface TokenSubject {
  /** User id (uuid). */
  sub: string;
  username: string;
  role: Role;
}

export interface TokenClaims extends TokenSubject {
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
}

export interface SignedToken {
  token: string;
  /** ISO 8601 time after which `verify` refuses the token. */
  expiresAt: string;
}

export interface TokenService {
  sign(claims: TokenSubject): Promise<SignedToken>;
  /** Resolves to the claims of a valid token; rejects with AuthError `invalid_token` or `expired_token`. */
  verify(token: string): Promise<TokenClaims>;
}

export interface TokenServiceOptions {
  /** HMAC key; at least 32 bytes (256 bits), as HS256 needs. */
  secret: string;
  ttlSeconds: number;
  /** `iss` claim; tokens from another issuer are refused. Default "living-world". */
  issuer?: string;
  /** Clock in milliseconds since the epoch (tests drive it). Default Date.now. */
  now?: () => number;
}

export const MIN_SECRET_BYTES = 32;
// A JWT this service signs is a few hundred bytes; anything far longer is not one of ours.
const MAX_TOKEN_LENGTH = 4096;
const LOGIN_AGAIN = "log in again with POST /auth/login";

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  username: z.string().min(1),
  role: z.enum(ROLES),
  iat: z.number().int(),
  exp: z.number().int(),
});

export function createTokenService(options: TokenServiceOptions): TokenService {
  const key = secretKey(options.secret);
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds < 1) {
    throw new RangeError(`token ttlSeconds must be a positive whole number of seconds (got ${options.ttlSeconds}); check AUTH_TOKEN_TTL_SECONDS`);
  }
  const issuer = options.issuer ?? "living-world";
  const now = options.now ?? Date.now;

  return {
    async sign({ sub, username, role }) {
      const iat = Math.floor(now() / 1000);
      const exp = iat + options.ttlSeconds;
      const token = await new SignJWT({ username, role })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(sub)
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },

    async verify(token) {
      if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        throw new AuthError("invalid_token", `token is empty or longer than ${MAX_TOKEN_LENGTH} characters; send the token returned by POST /auth/login`);
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer,
          currentDate: new Date(now()),
          requiredClaims: ["sub", "iat", "exp"],
        }));
      } catch (error) {
        throw explainVerifyFailure(error, issuer);
      }
      const claims = ClaimsSchema.safeParse(payload);
      if (!claims.success) {
        const fields = claims.error.issues.map((issue) => issue.path.join(".")).join(", ");
        throw new AuthError("invalid_token", `token claims are malformed (${fields}); ${LOGIN_AGAIN}`);
      }
      return claims.data;
    },
  };
}

function secretKey(secret: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.length < MIN_SECRET_BYTES) {
    throw new RangeError(
      `token secret is ${key.length} bytes; HS256 needs at least ${MIN_SECRET_BYTES}. Set AUTH_SECRET to a random value, e.g. \`openssl rand -base64 48\``,
    );
  }
  return key;
}

/** Turns a jose failure into an AuthError that says what is wrong; anything that is not a token problem is rethrown. */
function explainVerifyFailure(error: unknown, issuer: string): Error {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "ERR_JWT_EXPIRED": {
      const exp = (error as { payload?: JWTPayload }).payload?.exp;
      const when = typeof exp === "number" ? new Date(exp * 1000).toISOString() : "an earlier time";
      return new AuthError("expired_token", `token expired at ${when}; ${LOGIN_AGAIN}`, { cause: error });
    }
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return new AuthError(
        "invalid_token",
        `token signature does not match: it was altered, or signed with another secret (a server restart without AUTH_SECRET set changes it); ${LOGIN_AGAIN}`,
        { cause: error },
      );
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return new AuthError("invalid_token", `token is not signed with HS256, the only algorithm this server accepts; ${LOGIN_AGAIN}`, { cause: error });
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const claim = (error as { claim?: string }).claim ?? "unknown";
      const detail = claim === "iss" ? `was not issued by ${issuer}` : `claim "${claim}" is missing or invalid`;
      return new AuthError("invalid_token", `token ${detail}; ${LOGIN_AGAIN}`, { cause: error });
    }
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
      return new AuthError("invalid_token", `token is not a well-formed JWT (header.payload.signature in base64url); send the token returned by POST /auth/login`, {
        cause: error,
      });
    default:
      // Other jose codes (unsupported "crit" header, ...) are still a bad token from the client, not a server fault.
      if (typeof code === "string" && /^ERR_(JOSE|JWS|JWT)_/.test(code)) {
        return new AuthError("invalid_token", `token was refused (${(error as Error).message}); ${LOGIN_AGAIN}`, { cause: error });
      }
      return error instanceof Error ? error : new Error(String(error));
  }
}
