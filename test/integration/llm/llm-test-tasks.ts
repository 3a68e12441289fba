import { z } from "zod";
import type { CognitiveTask, TextTask } from "../../../src/llm/task.ts";

/** Tiny tasks for the provider tests: what an agent feels on hearing something, and what it says. */
export interface Scene {
  agent: string;
  heard: string;
}

export const Reaction = z.object({ emotion: z.enum(["happy", "wary", "neutral"]), line: z.string().min(1) });
export type Reaction = z.infer<typeof Reaction>;

export const OFFLINE_REACTION: Reaction = { emotion: "neutral", line: "Hm." };

export const reactionTask: CognitiveTask<Scene, Reaction> = {
  purpose: "reaction",
  schemaName: "reaction",
  schema: Reaction,
  prompt: (scene) => [
    { role: "system", content: `You are ${scene.agent}, a villager. Answer with JSON: {"emotion": "happy"|"wary"|"neutral", "line": string}.` },
    { role: "user", content: `A traveller says: "${scene.heard}"` },
  ],
  offline: () => OFFLINE_REACTION,
  maxTokens: 80,
};

export const replyTask: TextTask<Scene> = {
  purpose: "reply",
  prompt: (scene) => [
    { role: "system", content: `You are ${scene.agent}. Reply in one sentence.` },
    { role: "user", content: scene.heard },
  ],
  offline: (scene) => `Good day, traveller. ${scene.agent} is busy.`,
  maxTokens: 60,
};

export const scene: Scene = { agent: "Elara", heard: "Can you mend my sword?" };
