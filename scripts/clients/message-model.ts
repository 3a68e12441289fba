import { z } from "zod";

export type PayloadFieldType = { kind: "string" } | { kind: "number"; integer: boolean } | { kind: "boolean" } | { kind: "enum"; values: string[] };

export interface PayloadField {
  name: string;
  optional: boolean;
  type: PayloadFieldType;
  /** What the server checks beyond the type, in words (e.g. "1-500 characters"), or "". */
  constraint: string;
  description: string;
}

export interface MessageModel {
  /** The message type, as sent on the wire (e.g. "move_to"). */
  type: string;
  description: string;
  fields: PayloadField[];
}

interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/**
 * A message payload as its fields, from the zod schema the server validates it with (or declares it
 * with): the shape a client sends (io "input"). Only flat objects of strings, numbers, booleans and
 * string enums are protocol payloads here; anything else is an error naming the field.
 */
export function messageModel(type: string, schema: z.ZodType): MessageModel {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  if (json.type !== "object" || !json.properties) throw new Error(`message "${type}": the payload must be an object schema (z.strictObject)`);
  const required = new Set(json.required ?? []);
  const fields = Object.entries(json.properties).map(([name, property]) => ({
    name,
    optional: !required.has(name),
    type: fieldType(`${type}.${name}`, property),
    constraint: constraintOf(property),
    description: property.description ?? "",
  }));
  return { type, description: json.description ?? "", fields };
}

/** Models of every message in a map of zod schemas, in the map's order. */
export function messageModels(schemas: Record<string, z.ZodType>): MessageModel[] {
  return Object.entries(schemas).map(([type, schema]) => messageModel(type, schema));
}

function fieldType(where: string, property: JsonSchema): PayloadFieldType {
  if (property.enum && property.enum.every((value) => typeof value === "string")) return { kind: "enum", values: property.enum as string[] };
  switch (property.type) {
    case "string":
      return { kind: "string" };
    case "number":
      return { kind: "number", integer: false };
    case "integer":
      return { kind: "number", integer: true };
    case "boolean":
      return { kind: "boolean" };
    default:
      throw new Error(`${where}: unsupported payload field ${JSON.stringify(property)}; scripts/clients knows strings, numbers, integers, booleans and string enums`);
  }
}

function constraintOf(property: JsonSchema): string {
  const parts: string[] = [];
  if (property.type === "integer") parts.push("integer");
  if (property.minimum !== undefined && property.maximum !== undefined) parts.push(`${property.minimum} to ${property.maximum}`);
  else if (property.minimum !== undefined) parts.push(`>= ${property.minimum}`);
  else if (property.maximum !== undefined) parts.push(`<= ${property.maximum}`);
  if (property.minLength !== undefined && property.maxLength !== undefined) parts.push(`${property.minLength}-${property.maxLength} characters`);
  else if (property.maxLength !== undefined) parts.push(`at most ${property.maxLength} characters`);
  else if (property.minLength !== undefined) parts.push(`at least ${property.minLength} characters`);
  if (property.pattern) parts.push(`matching ${property.pattern}`);
  return parts.join(", ");
}
