import type pg from "pg";
import { findUserById, type UserRecord } from "../../db/repositories/user-repository.ts";
import { AuthError } from "./errors.ts";
import type { TokenService } from "./tokens.ts";

export const ACCOUNT_GONE = "the account this token was issued for no longer exists; create one with POST /auth/register";

export interface AccountCheckOptions {
  /** How long an account read is reused, in ms; 0 reads the account on every use (ACCOUNT_CHECK_CACHE_MS). */
  cacheMs: number;
  /** Clock in milliseconds (tests drive it). Default Date.now. */
  now?: () => number;
}

// Past this many cached accounts, expired entries are dropped before a new one is added.
const PRUNE_ABOVE = 10_000;

/**
 * Account tokens checked against the account on every use: `verify` refuses a token whose account was
 * deleted (401 `invalid_token`) and answers with the account's current role and username, not the ones
 * signed into the token. So a demotion, a promotion or a deletion counts within `cacheMs`, not at expiry.
 */
export function checkingAccounts(tokens: TokenService, pool: pg.Pool, options: AccountCheckOptions): TokenService {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readAt: number; account: Promise<UserRecord | undefined> }>();

  function account(userId: string): Promise<UserRecord | undefined> {
    const at = now();
    const cached = cache.get(userId);
    if (cached && at - cached.readAt < options.cacheMs) return cached.account;
    const account = findUserById(pool, userId);
    if (options.cacheMs > 0) {
      if (cache.size >= PRUNE_ABOVE) for (const [id, entry] of cache) if (at - entry.readAt >= options.cacheMs) cache.delete(id);
      const entry = { readAt: at, account };
      cache.set(userId, entry);
      // A failed read (database down) is not remembered: the next use asks again.
      account.catch(() => cache.get(userId) === entry && cache.delete(userId));
    }
    return account;
  }

  return {
    sign: (subject) => tokens.sign(subject),
    async verify(token) {
      const claims = await tokens.verify(token);
      const user = await account(claims.sub);
      if (!user) throw new AuthError("invalid_token", ACCOUNT_GONE);
      return { ...claims, username: user.username, role: user.role };
    },
  };
}
