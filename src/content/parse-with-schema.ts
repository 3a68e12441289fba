import type { z } from "zod";
import { jsonPath, type ContentIssue } from "./content-issue.ts";

type Issue = z.core.$ZodIssue;

export type ParseResult<T> = { data?: T; issues: ContentIssue[] };

/**
 * Validates designer JSON against a strict schema. Unknown fields become warnings (and are dropped),
 * everything else is an error that names the JSON path, what was expected and what was found.
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, raw: unknown, file: string): ParseResult<z.output<S>> {
  const first = schema.safeParse(raw);
  if (first.success) return { data: first.data, issues: [] };
  const flat = flatten(first.error.issues, []);
  const unknownKeys = flat.filter((issue): issue is z.core.$ZodIssueUnrecognizedKeys => issue.code === "unrecognized_keys");
  const errors = flat.filter((issue) => issue.code !== "unrecognized_keys");
  const issues: ContentIssue[] = [
    ...errors.map((issue) => ({ severity: "error" as const, file, path: jsonPath(issue.path), message: describe(issue, raw) })),
    ...unknownKeys.flatMap((issue) =>
      issue.keys.map((key) => ({
        severity: "warning" as const,
        file,
        path: jsonPath([...issue.path, key]),
        message: "unknown field, ignored (check its spelling against the schema)",
      })),
    ),
  ];
  if (errors.length > 0) return { issues };
  const second = schema.safeParse(withoutKeys(raw, unknownKeys));
  if (!second.success) {
    return { issues: [...issues, ...flatten(second.error.issues, []).map((issue) => ({ severity: "error" as const, file, path: jsonPath(issue.path), message: describe(issue, raw) }))] };
  }
  return { data: second.data, issues };
}

/** Unions report one issue per branch; keep the branch that matched the value's shape, with full paths. */
function flatten(issues: readonly Issue[], prefix: PropertyKey[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const branches = issue.errors.filter((branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0));
      if (branches.length === 1) return flatten(branches[0]!, path);
      return [{ ...issue, path, message: `does not match any allowed form (${describeUnion(issue)})` }];
    }
    if (issue.code === "invalid_key") return flatten(issue.issues, path).map((inner) => ({ ...inner, message: `key ${inner.message}` }));
    return [{ ...issue, path }];
  });
}

function describeUnion(issue: z.core.$ZodIssueInvalidUnion): string {
  return issue.errors.map((branch) => branch[0]?.message.replace(/^Invalid input: /, "") ?? "?").join("; or ");
}

function describe(issue: Issue, raw: unknown): string {
  const received = valueAt(raw, issue.path);
  if (issue.code === "invalid_type" && received === undefined) return `required field is missing (expected ${issue.expected})`;
  if (issue.code === "invalid_type") return `expected ${issue.expected}, got ${JSON.stringify(received)}`;
  if (issue.code === "too_big" || issue.code === "too_small") {
    return `${issue.message.replace(/^Too (big|small): /, "out of range: ")} (got ${JSON.stringify(received)})`;
  }
  if (issue.code === "invalid_value") return `${issue.message.replace(/^Invalid (option|input): /, "")} (got ${JSON.stringify(received)})`;
  return issue.message;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function withoutKeys(raw: unknown, unknownKeys: readonly z.core.$ZodIssueUnrecognizedKeys[]): unknown {
  const copy = structuredClone(raw);
  for (const issue of unknownKeys) {
    const target = valueAt(copy, issue.path);
    if (target && typeof target === "object") for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}
