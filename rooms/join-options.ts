import { z } from "zod";
import { WorldId } from "../src/content/identifiers.ts";

export const JoinOptionsSchema = z.object({
  world: WorldId.optional(),
  /** Guest display name (accounts use their username). */
  name: z.string().trim().min(1).max(32).optional(),
  /** Account token from POST /auth/login (or send it as the SDK's auth token). */
  token: z.string().min(1).max(4096).optional(),
  /** From an earlier `welcome`: rejoin as the same guest character. */
  guestToken: z.string().min(1).max(4096).optional(),
});

export type JoinOptions = z.infer<typeof JoinOptionsSchema>;

/** Turns bad join options into one line that names the option and the fix. */
export function describeJoinOptionsError(error: z.ZodError): string {
  return error.issues.map((issue) => `join option "${issue.path.join(".")}" ${issue.message}`).join("; ");
}
