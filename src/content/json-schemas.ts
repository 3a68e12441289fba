import { z } from "zod";
import { AgentFileSchema } from "./agent-file.ts";
import { WorldFileSchema } from "./world-file.ts";

/** JSON Schema files for editors, generated from the same zod schemas the loader validates with. */
export function designerJsonSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, title: string) =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) }, null, 2)}\n`;
  return {
    "agent.schema.json": render(AgentFileSchema, "Living World agent"),
    "world.schema.json": render(WorldFileSchema, "Living World world"),
  };
}
