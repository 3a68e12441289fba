import { randomBytes } from "node:crypto";
import express, { type Request, type RequestHandler } from "express";
import type pg from "pg";
import { createUser, findUserById, findUserByUsername, type UserRecord } from "../../db/repositories/user-repository.ts";
import { clientAddress, type TrustProxy } from "../http/client-address.ts";
import { ACCOUNT_GONE } from "./account-check.ts";
import { AuthError } from "./errors.ts";
import { authErrorHandler, type AuthLog } from "./http-errors.ts";
import { AUTH_LIMIT_DEFAULTS, createAuthLimits, type AuthLimitSettings } from "./auth-limits.ts";
import { authenticate } from "./middleware.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { LoginBody, parseBody, RegisterBody } from "./request-schemas.ts";
import type { Role } from "./roles.ts";
import type { TokenService } from "./tokens.ts";

export interface AuthRouterDeps {
  pool: pg.Pool;
  tokens: TokenService;
  /** Registration never creates admins; admins are promoted with the users:admin CLI (promoteToAdmin). */
  allowAdminRegistration?: false;
  /** Clock in ms for login and registration limits (tests drive it). Default Date.now. */
  now?: () => number;
  /** Limits per client address on failed logins and registrations; default AUTH_LIMIT_DEFAULTS. */
  limits?: AuthLimitSettings;
  log?: AuthLog;
}

export interface PublicUser {
  id: string;
  username: string;
  role: Role;
}

const WRONG_CREDENTIALS = "username or password is wrong; check both (usernames ignore letter case), or create an account with POST /auth/register";

/**
 * POST /auth/register, POST /auth/login and GET /auth/me. Mount it at the app root. Bodies are JSON
 * of at most 16 kB; every failure answers JSON `{ error, message }`. The client address the limits
 * count is `req.ip`, so behind a reverse proxy the app must set Express's "trust proxy" (TRUST_PROXY).
 */
export function authRouter(deps: AuthRouterDeps): express.Router {
  const { pool, tokens, log } = deps;
  const limits = createAuthLimits(deps.limits ?? AUTH_LIMIT_DEFAULTS, deps.now);
  // Unknown usernames are checked against this hash so that they take as long as a wrong password.
  let dummyHash: Promise<string> | undefined;
  const jsonBody = [requireJsonContent, express.json({ limit: "16kb" })];

  async function issueSession(user: UserRecord) {
    const session = await tokens.sign({ sub: user.id, username: user.username, role: user.role });
    return { user: publicUser(user), ...session };
  }

  const router = express.Router();

  router.post("/auth/register", ...jsonBody, async (request, response) => {
    const body = parseBody(RegisterBody, request.body, response);
    if (!body) return;
    const address = addressOf(request);
    const refused = limits.admitRegistration(address);
    if (refused) {
      log?.warn({ ip: address, retryAfterSeconds: refused.retryAfterSeconds }, "registration throttled");
      throw refused;
    }
    const passwordHash = await hashPassword(body.password);
    const user = await createUser(pool, { username: body.username, passwordHash, role: "player" });
    log?.info({ userId: user.id, username: user.username, ip: address }, "user registered");
    response.status(201).set("Cache-Control", "no-store").json(await issueSession(user));
  });

  router.post("/auth/login", ...jsonBody, async (request, response) => {
    const body = parseBody(LoginBody, request.body, response);
    if (!body) return;
    const address = addressOf(request);
    const refused = limits.admitLogin(body.username, address);
    if (refused) {
      log?.warn({ username: body.username, ip: address, retryAfterSeconds: refused.retryAfterSeconds }, "login throttled");
      throw refused;
    }
    const user = await findUserByUsername(pool, body.username);
    const matches = await verifyPassword(body.password, user?.passwordHash ?? (await (dummyHash ??= hashPassword(randomBytes(32).toString("hex")))));
    if (!user || !matches) {
      log?.warn({ username: body.username, ip: address }, "login failed");
      throw new AuthError("invalid_credentials", WRONG_CREDENTIALS);
    }
    limits.loginSucceeded(body.username, address);
    log?.info({ userId: user.id, username: user.username, ip: address }, "user logged in");
    response.status(200).set("Cache-Control", "no-store").json(await issueSession(user));
  });

  router.get("/auth/me", async (request, response) => {
    const claims = await authenticate(tokens, request.get("authorization"));
    // The account as it is now, read afresh (the token check may reuse a read for ACCOUNT_CHECK_CACHE_MS).
    const user = await findUserById(pool, claims.sub);
    if (!user) throw new AuthError("invalid_token", ACCOUNT_GONE);
    response.status(200).set("Cache-Control", "no-store").json({ user: publicUser(user) });
  });

  router.use("/auth", authErrorHandler(log));
  return router;
}

export function publicUser(user: Pick<UserRecord, "id" | "username" | "role">): PublicUser {
  return { id: user.id, username: user.username, role: user.role };
}

/** 415 unless the body is declared JSON; a request with no body at all goes on and fails validation. */
const requireJsonContent: RequestHandler = (request, response, next) => {
  if (request.is("application/json") === false) {
    response.status(415).json({ error: "unsupported_media_type", message: "request body must be JSON; send it with Content-Type: application/json" });
    return;
  }
  next();
};

/** What Express's `req.ip` is, through the one helper every per-address limit uses. */
function addressOf(request: Request): string {
  return clientAddress(request, request.app.get("trust proxy fn") as TrustProxy);
}
