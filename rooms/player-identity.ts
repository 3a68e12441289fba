import { randomInt } from "node:crypto";
import { ServerError } from "@colyseus/core";
import type pg from "pg";
import { createCharacter, findCharacter, findUserCharacter, touchCharacter, type CharacterRow } from "../db/repositories/character-repository.ts";
import { ACCOUNT_GONE } from "../src/auth/account-check.ts";
import { AuthError } from "../src/auth/errors.ts";
import type { TokenService } from "../src/auth/tokens.ts";
import { CloseCodes } from "./client-messages.ts";
import type { GuestJoinLimit } from "./guest-join-limit.ts";

export interface PlayerIdentity {
  character: CharacterRow;
  /** Account id, or null for a guest. */
  userId: string | null;
  role: "guest" | "player" | "admin";
  /** Given to guests so a later join restores the same character. */
  guestToken?: string;
}

export interface IdentityDependencies {
  pool: pg.Pool;
  /** Account tokens from POST /auth/login. */
  tokens: TokenService;
  /** Guest tokens: a separate issuer, so a guest token is never accepted as an account token. */
  guestTokens: TokenService;
  allowGuests: boolean;
  /** New guest characters per address (GUEST_JOINS_PER_HOUR). */
  guestJoins: GuestJoinLimit;
}

export interface JoinCredentials {
  token?: string;
  guestToken?: string;
  name?: string;
  /** Where the join comes from, for the limit on new guests. */
  address: string;
}

/**
 * Who is joining: an account (token from /auth/login), a returning guest (guestToken from an
 * earlier `welcome`), or a new guest. Characters are created on first join and restored after.
 */
export async function resolveIdentity(deps: IdentityDependencies, worldId: string, spawn: { x: number; y: number }, credentials: JoinCredentials): Promise<PlayerIdentity> {
  if (credentials.token) {
    // The token service checks the account (checkingAccounts): a deleted account is refused here, and the role is the current one.
    const claims = await verified(deps.tokens, credentials.token);
    const character = await accountCharacter(deps.pool, claims, worldId, spawn);
    return { character, userId: claims.sub, role: claims.role };
  }
  if (!deps.allowGuests) {
    throw new ServerError(CloseCodes.AUTH_FAILED, "guests are not allowed on this server: register or log in (POST /auth/register, POST /auth/login) and join with { token }");
  }
  if (credentials.guestToken) {
    const claims = await verified(deps.guestTokens, credentials.guestToken);
    const character = await findCharacter(deps.pool, claims.sub);
    if (character && character.worldId === worldId) {
      await touchCharacter(deps.pool, character.id);
      return { character, userId: null, role: "guest", guestToken: credentials.guestToken };
    }
  }
  if (!deps.guestJoins.admit(credentials.address, Date.now())) {
    throw new ServerError(
      CloseCodes.RATE_LIMITED,
      `too many new guests from your address: at most ${deps.guestJoins.perHour} an hour (GUEST_JOINS_PER_HOUR); come back with the guestToken of your earlier guest, log in, or try again later`,
    );
  }
  const name = credentials.name ?? `Guest ${randomInt(1000, 10_000)}`;
  const character = await createCharacter(deps.pool, { userId: null, worldId, name, x: spawn.x, y: spawn.y });
  const { token } = await deps.guestTokens.sign({ sub: character.id, username: character.name, role: "player" });
  return { character, userId: null, role: "guest", guestToken: token };
}

const FOREIGN_KEY_VIOLATION = "23503";

async function accountCharacter(pool: pg.Pool, account: { sub: string; username: string }, worldId: string, spawn: { x: number; y: number }): Promise<CharacterRow> {
  try {
    return (await findUserCharacter(pool, account.sub, worldId)) ?? (await createCharacter(pool, { userId: account.sub, worldId, name: account.username, x: spawn.x, y: spawn.y }));
  } catch (error) {
    // Deleted after its token was checked (a check may be reused for ACCOUNT_CHECK_CACHE_MS).
    if ((error as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) throw new ServerError(CloseCodes.AUTH_FAILED, ACCOUNT_GONE);
    throw error;
  }
}

async function verified(tokens: TokenService, token: string) {
  try {
    return await tokens.verify(token);
  } catch (error) {
    if (error instanceof AuthError) throw new ServerError(CloseCodes.AUTH_FAILED, error.message);
    throw error;
  }
}
