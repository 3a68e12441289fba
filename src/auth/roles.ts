/** Account roles, as stored in `users.role`. */
export const ROLES = ["player", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** An admin may do everything a player may; a player may not do admin things. */
export function roleSatisfies(has: Role, needed: Role): boolean {
  return needed === "player" || has === "admin";
}
