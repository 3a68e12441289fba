import { parseArgs } from "node:util";
import { z } from "zod";
import type { RetrievalWeights } from "../../db/repositories/memory-records.ts";

export class OptionsError extends Error {}

/**
 * Parses a benchmark's argv against its zod schema: every key is a `--name VALUE` option, except the
 * booleans `json` and `help` (`-h`). Throws OptionsError listing every problem, one per line, each
 * naming the option and what was given.
 */
export function parseCliOptions<Schema extends z.ZodObject>(argv: readonly string[], schema: Schema, usage: string): z.output<Schema> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const names = Object.keys(schema.shape).filter((name) => name !== "json" && name !== "help");
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new OptionsError(`${(error as Error).message}\n\n${usage}`);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "");
      const message = issue.message.startsWith("--") ? issue.message : `--${name}: ${issue.message}`;
      const given = values[name];
      return typeof given === "string" ? `${message} (got ${JSON.stringify(given)})` : message;
    });
    throw new OptionsError(`${[...new Set(lines)].join("\n")}\n(run with --help for all options)`);
  }
  return parsed.data;
}

/** A `--flag N` option: a whole number from min to max, with a message that names the flag. */
export function wholeNumberOption(flag: string, min: number, max: number) {
  const message = `${flag} must be a whole number from ${min} to ${max}`;
  return z.string().trim().regex(/^\d+$/, message).transform(Number).pipe(z.number().int().min(min, message).max(max, message));
}

/** `--weights R,I,E,V`: the retrieval score's weights, recency,importance,emotion,relevance. */
export const weightsOption = z
  .string()
  .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?){3}$/, "--weights must be four numbers >= 0: recency,importance,emotion,relevance (e.g. 1,1,1,3)");

export function parseWeightsOption(text: string): RetrievalWeights {
  const [recency, importance, emotion, relevance] = text.split(",").map(Number) as [number, number, number, number];
  if (recency + importance + emotion + relevance === 0) throw new OptionsError("--weights: at least one weight must be above 0");
  return { recency, importance, emotion, relevance };
}
