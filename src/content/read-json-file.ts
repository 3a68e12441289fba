import fs from "node:fs/promises";
import type { ContentIssue } from "./content-issue.ts";

export type JsonReadResult = { ok: true; value: unknown } | { ok: false; issue: ContentIssue };

export async function readJsonFile(file: string): Promise<JsonReadResult> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    return { ok: false, issue: { severity: "error", file, path: "$", message: `cannot read file: ${reason}` } };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, issue: { severity: "error", file, path: "$", message: describeSyntaxError(text, error as Error) } };
  }
}

function describeSyntaxError(text: string, error: Error): string {
  const reason = error.message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/ in JSON at position \d+/, "");
  const position = Number(/position (\d+)/.exec(error.message)?.[1] ?? text.length);
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return `invalid JSON at line ${line}, column ${column}: ${reason}. Check for a missing comma, quote or bracket near there.`;
}
