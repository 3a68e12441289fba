import fs from "node:fs/promises";
import type { ContentIssue } from "./content-issue.ts";
import { findJsonValueProblem } from "./json-value-check.ts";

export type JsonReadResult = { ok: true; value: unknown } | { ok: false; issue: ContentIssue };

/** Default of CONTENT_MAX_FILE_BYTES: ample for agent files and Tiled maps, small enough to serve to anyone. */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function readJsonFile(file: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): Promise<JsonReadResult> {
  const fail = (path: string, message: string): JsonReadResult => ({ ok: false, issue: { severity: "error", file, path, message } });
  let text: string;
  try {
    const { size } = await fs.stat(file);
    if (size > maxFileBytes) {
      return fail("$", `file is ${size} bytes, more than the limit of ${maxFileBytes} bytes per file (CONTENT_MAX_FILE_BYTES); shorten it or raise the limit`);
    }
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    return fail("$", `cannot read file: ${reason}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail("$", describeSyntaxError(text, error as Error));
  }
  const problem = findJsonValueProblem(value);
  return problem ? fail(problem.path, problem.message) : { ok: true, value };
}

function describeSyntaxError(text: string, error: Error): string {
  const reason = error.message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "");
  const position = Number(/position (\d+)/.exec(error.message)?.[1] ?? text.length);
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return `invalid JSON at line ${line}, column ${column}: ${reason}. Check for a missing comma, quote or bracket near there.`;
}
