import { jsonPath } from "./content-issue.ts";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "./storable-text.ts";

// Far deeper than any world, agent or Tiled file needs; past a few thousand levels the schema
// validators and JSON.stringify (both recursive) run out of stack.
export const MAX_JSON_DEPTH = 32;

export interface JsonValueProblem {
  path: string;
  message: string;
}

/**
 * Finds the first value in parsed JSON that must not go further: nesting deeper than MAX_JSON_DEPTH,
 * or a string (value or key) the database cannot store. Iterative, so any depth is safe to check.
 */
export function findJsonValueProblem(root: unknown): JsonValueProblem | undefined {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (!isStorableText(value)) return { path: jsonPath(path), message: `text ${UNSTORABLE_TEXT_MESSAGE}` };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_JSON_DEPTH) {
      return { path: jsonPath(path), message: `nested more than ${MAX_JSON_DEPTH} levels deep; no field of this file takes values nested that deep, flatten it` };
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, Array.isArray(value) ? Number(key) : key];
      if (!isStorableText(key)) return { path: jsonPath(childPath), message: `key ${UNSTORABLE_TEXT_MESSAGE}` };
      stack.push({ value: child, path: childPath });
    }
  }
  return undefined;
}
