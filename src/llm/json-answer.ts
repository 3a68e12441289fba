import type { z } from "zod";

export type ParsedAnswer<Answer> = { ok: true; value: Answer } | { ok: false; problem: string };

/**
 * The first complete JSON object in a model's text. Servers that ignore `response_format` (Ollama,
 * llama.cpp) wrap JSON in ``` fences or chat around it; the braces are matched outside strings so
 * that a "}" inside a value does not end the object early.
 */
export function extractJsonObject(text: string): string | undefined {
  const unfenced = text.replace(/```(?:json)?/gi, "");
  for (let start = unfenced.indexOf("{"); start !== -1; start = unfenced.indexOf("{", start + 1)) {
    const end = matchingBrace(unfenced, start);
    if (end !== undefined) return unfenced.slice(start, end + 1);
  }
  return undefined;
}

function matchingBrace(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") depth += 1;
    else if (char === "}") {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return undefined;
}

/** Model output is input from outside: parsed as JSON, then by the task's zod schema. */
export function parseAnswer<Answer>(text: string | null | undefined, schema: z.ZodType<Answer>): ParsedAnswer<Answer> {
  if (!text?.trim()) return { ok: false, problem: "the answer was empty" };
  const json = extractJsonObject(text);
  if (json === undefined) return { ok: false, problem: "the answer contained no JSON object" };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, problem: `the JSON object did not parse (${(error as Error).message})` };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`);
  return { ok: false, problem: `the JSON did not match the schema (${issues.join("; ")})` };
}
