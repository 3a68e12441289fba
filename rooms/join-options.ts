import { z } from "zod";
import { WorldId } from "../src/content/identifiers.ts";
import { StorableText } from "../src/content/storable-text.ts";

/** Unknown options are refused, as unknown message fields are: a misspelt option must not pass silently. */
export const JoinOptionsSchema = z.strictObject({
  world: WorldId.optional().describe("Which world; the server's DEFAULT_WORLD when absent."),
  name: StorableText.trim().min(1).max(32).optional().describe("Guest display name (accounts use their username)."),
  token: StorableText.min(1).max(4096).optional().describe("Account token from POST /auth/login (or send it as the SDK's auth token)."),
  guestToken: StorableText.min(1).max(4096).optional().describe("From an earlier `welcome`: rejoin as the same guest character."),
});

export type JoinOptions = z.infer<typeof JoinOptionsSchema>;

const KNOWN_OPTIONS = Object.keys(JoinOptionsSchema.shape).join(", ");

/** Turns bad join options into one line that names the option and the fix. */
export function describeJoinOptionsError(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown join option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}; the options are ${KNOWN_OPTIONS}`
        : `join option "${issue.path.join(".")}" ${issue.message}`,
    )
    .join("; ");
}
