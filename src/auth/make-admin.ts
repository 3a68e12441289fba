import type pg from "pg";
import { withTransaction } from "../../db/client.ts";
import { recordAudit } from "../../db/repositories/audit-repository.ts";
import { findUserByUsernameForUpdate, normalizeUsername, setUserRole } from "../../db/repositories/user-repository.ts";
import type { PublicUser } from "./routes.ts";

export interface PromoteResult {
  user: PublicUser;
  /** False when the user already was an admin (nothing written, no audit row). */
  changed: boolean;
}

export class UnknownUserError extends Error {}

/**
 * Makes an existing account an admin and records who did it in audit_log, in one transaction.
 * The user's current tokens carry the new role within ACCOUNT_CHECK_CACHE_MS (tokens are checked against the account on use).
 */
export async function promoteToAdmin(pool: pg.Pool, username: string, options: { actor?: string } = {}): Promise<PromoteResult> {
  const actor = options.actor ?? "cli:users:admin";
  return withTransaction(pool, async (client) => {
    const user = await findUserByUsernameForUpdate(client, username);
    if (!user) {
      throw new UnknownUserError(
        `no user named "${normalizeUsername(username)}" (usernames are stored in lowercase); check the spelling, or have them register with POST /auth/register first`,
      );
    }
    if (user.role === "admin") return { user: { id: user.id, username: user.username, role: user.role }, changed: false };
    await setUserRole(client, user.id, "admin");
    await recordAudit(client, {
      actor,
      action: "user.promote_admin",
      tableName: "users",
      operation: "UPDATE",
      targetId: user.id,
      oldValues: { role: user.role },
      newValues: { role: "admin" },
    });
    return { user: { id: user.id, username: user.username, role: "admin" }, changed: true };
  });
}

/** The line the CLI prints for a result. */
export function describePromotion({ user, changed }: PromoteResult): string {
  return changed
    ? `${user.username} (${user.id}) is now an admin; their tokens carry the admin role within seconds (ACCOUNT_CHECK_CACHE_MS), no new login needed`
    : `${user.username} (${user.id}) already is an admin; nothing changed`;
}
