import type { CognitiveTask } from "../src/llm/task.ts";
import type { TaskRegistry } from "../src/scale/llm-job.ts";
import { consolidate, nightlyReview } from "./cognition/nightly.ts";
import { planActions } from "./cognition/plan-actions.ts";
import { planDay } from "./cognition/plan-day.ts";
import { planHours } from "./cognition/plan-hours.ts";
import { rateImportance } from "./cognition/rate-importance.ts";
import { react } from "./cognition/react.ts";
import { reflectionInsights, reflectionQuestions } from "./cognition/reflect.ts";
import { npcTurnTask } from "./conversation/npc-turn-task.ts";
import { relationshipTask } from "./conversation/relationship-task.ts";

/**
 * Every structured task an agent thinks with, by schemaName: a game server sends a task's name over
 * the LLM queue and a worker finds the task here. A task missing from this list cannot be queued.
 */
export const cognitiveTasks: TaskRegistry = byName([
  planDay,
  planHours,
  planActions,
  rateImportance,
  react,
  reflectionQuestions,
  reflectionInsights,
  nightlyReview,
  consolidate,
  npcTurnTask,
  relationshipTask,
] as CognitiveTask<unknown, unknown>[]);

function byName(tasks: CognitiveTask<unknown, unknown>[]): TaskRegistry {
  const registry = new Map<string, CognitiveTask<unknown, unknown>>();
  for (const task of tasks) {
    if (registry.has(task.schemaName)) throw new Error(`two cognitive tasks share the schemaName "${task.schemaName}": give each task its own, workers find tasks by it`);
    registry.set(task.schemaName, task);
  }
  return registry;
}
