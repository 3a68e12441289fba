import { z } from "zod";
import { ROLES } from "../auth/roles.ts";

/**
 * What the admin CLIs ask of a server that holds the embedded database, over its control channel
 * (control-server.ts), and what it answers. Both ends parse with these schemas.
 */
export const CONTROL_ROUTES = { promote: "/users/promote", loadContent: "/content/load" } as const;

export const PromoteRequest = z.strictObject({ username: z.string().min(1).max(200) });

/** A content load as a CLI asks for it: relative paths start from the CLI's folder, `cwd`. */
export const ContentLoadRequest = z.strictObject({
  paths: z.array(z.string().min(1)).min(1).max(10_000),
  cwd: z.string().min(1),
  worldId: z.string().optional(),
  worldsDir: z.string().min(1),
  defaultWorldId: z.string().min(1),
  dryRun: z.boolean(),
  maxFileBytes: z.int().positive(),
});
export type ContentLoadRequest = z.infer<typeof ContentLoadRequest>;

export const PromoteAnswer = z.strictObject({
  user: z.strictObject({ id: z.string(), username: z.string(), role: z.enum(ROLES) }),
  changed: z.boolean(),
});

const Outcome = z.enum(["created", "updated", "unchanged"]);
const Issue = z.strictObject({ severity: z.enum(["error", "warning"]), file: z.string(), path: z.string(), message: z.string() });

export const LoadAnswer = z.strictObject({
  worldId: z.string(),
  world: z.union([Outcome, z.literal("from-database")]),
  agents: z.strictObject({ created: z.int(), updated: z.int(), unchanged: z.int() }),
  files: z.int(),
  issues: z.array(Issue),
  dryRun: z.boolean(),
  embeddings: z.strictObject({ model: z.string(), embedded: z.int(), pending: z.int(), error: z.string().optional() }).optional(),
});

/** A refusal: the same errors the operation throws when a CLI runs it on the database itself. */
export const ControlError = z.discriminatedUnion("error", [
  z.strictObject({ error: z.literal("unknown_user"), message: z.string() }),
  z.strictObject({ error: z.literal("invalid_content"), issues: z.array(Issue) }),
  z.strictObject({ error: z.enum(["invalid_request", "unauthorized", "failed"]), message: z.string() }),
]);
export type ControlError = z.infer<typeof ControlError>;
