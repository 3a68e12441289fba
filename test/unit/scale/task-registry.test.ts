import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cognitiveTasks } from "../../../agents/task-registry.ts";

const TASK_FOLDERS = ["agents/cognition", "agents/conversation"];

describe("the worker task registry", () => {
  it("holds every structured task the agents export, so any of them can run on a worker", async () => {
    const exported = new Map<string, unknown>();
    for (const folder of TASK_FOLDERS) {
      for (const file of fs.readdirSync(folder).filter((name) => name.endsWith(".ts"))) {
        const module = (await import(path.resolve(folder, file))) as Record<string, unknown>;
        for (const [name, value] of Object.entries(module)) if (isCognitiveTask(value)) exported.set(`${folder}/${file}#${name}`, value);
      }
    }
    const registered = new Set(cognitiveTasks.values());
    expect(exported.size).toBeGreaterThanOrEqual(11);
    expect([...exported].filter(([, task]) => !registered.has(task as never)).map(([where]) => where)).toEqual([]);
    for (const [name, task] of cognitiveTasks) expect(task.schemaName).toBe(name);
  });
});

function isCognitiveTask(value: unknown): boolean {
  return typeof value === "object" && value !== null && "schemaName" in value && "schema" in value && "offline" in value && "prompt" in value;
}
