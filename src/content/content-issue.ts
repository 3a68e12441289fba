export type Severity = "error" | "warning";

/** A problem in a designer file: which file, where in it (JSON path), and what to do about it. */
export interface ContentIssue {
  severity: Severity;
  file: string;
  /** JSONPath of the offending value, `$` for the whole file. */
  path: string;
  message: string;
}

export function formatIssue(issue: ContentIssue): string {
  return `${issue.severity}: ${issue.file}: ${issue.path}: ${issue.message}`;
}

export function jsonPath(segments: readonly PropertyKey[]): string {
  let out = "$";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

export class ContentError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    const errors = issues.filter((issue) => issue.severity === "error");
    super(`${errors.length} error(s) in designer files:\n${errors.map(formatIssue).join("\n")}`);
  }
}
