import type { Response } from "express";
import { z } from "zod";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "../content/storable-text.ts";

const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be a string`) }).refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/** Usernames are case-insensitive: lowercased here, then checked, then stored as such. */
export const UsernameSchema = requiredString("username")
  .toLowerCase()
  .min(3, "username must be 3-32 characters")
  .max(32, "username must be 3-32 characters")
  .regex(/^[a-z0-9_-]+$/, "username may contain only letters a-z, digits, _ and - (letter case is ignored)");

export const NewPasswordSchema = requiredString("password")
  .min(8, "password must be at least 8 characters")
  .max(200, "password must be at most 200 characters");

/** Extra fields (such as `role`) are dropped: new accounts are always players. */
export const RegisterBody = z.object({ username: UsernameSchema, password: NewPasswordSchema }, { error: "request body must be a JSON object" });

// Login checks only what could ever match an account; anything else is just wrong credentials.
export const LoginBody = z.object(
  {
    username: requiredString("username").toLowerCase().min(1, "username is required").max(64, "username must be at most 64 characters"),
    password: requiredString("password").min(1, "password is required").max(200, "password must be at most 200 characters"),
  },
  { error: "request body must be a JSON object" },
);

export interface FieldProblem {
  path: string;
  message: string;
}

/** Parses a request body; on failure answers 400 `{ error: "invalid_request", message, details: [{ path, message }] }` and returns undefined. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, response: Response): T | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const details: FieldProblem[] = parsed.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.join(".") : "(body)",
    message: issue.message,
  }));
  const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join("; ");
  response.status(400).json({ error: "invalid_request", message: `request body is invalid: ${summary}`, details });
  return undefined;
}
