import type { MessageModel } from "./message-model.ts";
import type { SchemaClass } from "./schema-model.ts";

/** Everything a client needs to know of the server, as the generators for each engine read it. */
export interface ClientProtocol {
  rootClass: string;
  classes: SchemaClass[];
  joinOptions: MessageModel;
  clientMessages: MessageModel[];
  serverMessages: MessageModel[];
}

/** A message type as a class name: "move_to" -> "MoveToMessage" (suffix "Message"), "MoveTo" (no suffix). */
export function payloadName(type: string, suffix: string): string {
  return `${type
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("")}${suffix}`;
}
