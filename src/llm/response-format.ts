import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import { z } from "zod";
import type { CognitiveTask } from "./task.ts";

const formats = new WeakMap<object, ResponseFormatJSONSchema>();

/**
 * The structured-output request for a task, built once per task. Not strict: strict mode accepts only a
 * subset of JSON Schema, and our zod schema validates the answer anyway. Described as input ("io"),
 * because the model writes what the schema parses, before any transform.
 */
export function responseFormatFor<Context, Answer>(task: CognitiveTask<Context, Answer>): ResponseFormatJSONSchema {
  const cached = formats.get(task);
  if (cached) return cached;
  const { $schema: _dialect, ...schema } = z.toJSONSchema(task.schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  const format: ResponseFormatJSONSchema = {
    type: "json_schema",
    json_schema: { name: schemaNameFor(task.schemaName), schema, strict: false },
  };
  formats.set(task, format);
  return format;
}

/** OpenAI accepts a-z, A-Z, 0-9, "_" and "-", at most 64 characters. */
export function schemaNameFor(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "answer";
}

/** The user message that asks the model, once, to fix an answer that could not be used. */
export function correctiveMessage(problem: string, schemaName: string): string {
  return `Your previous answer could not be used: ${problem}. Answer again with only one JSON object that matches the "${schemaName}" schema, and no other text.`;
}
