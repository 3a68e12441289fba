import type { Ablation } from "../../agents/engine/flow-context.ts";
import { countLlmCalls } from "../../db/repositories/world-activity-repository.ts";
import type { LlmProvider } from "../../src/llm/task.ts";
import { openHeadlessWorld, type HeadlessWorld } from "../sim/headless-world.ts";
import { readCitedMemories, readEvidence } from "./evidence.ts";
import { interview, type Answer } from "./interviewer.ts";
import { judge } from "./judge.ts";
import { factQuestion, interviewQuestions, type PlantedFact } from "./questions.ts";
import { carriesFact, scoreAnswer, type ScoredAnswer } from "./scoring.ts";

export interface ConditionRun {
  world?: string;
  agents?: number;
  hours: number;
  provider: "counting" | "offline" | "openai";
  /** A model that rates each answer's believability 1-7, when the judge pass is wanted. */
  judge?: LlmProvider;
  reflectionThreshold?: number;
  seed: number;
  players: number;
  stepMs: number;
  ablate?: Ablation;
  fact: Omit<PlantedFact, "agent"> & { agent?: string };
  progress: (line: string) => void;
}

/** Runs the world headless for the given hours with the fact planted, then interviews every agent and scores each answer. */
export async function runCondition(run: ConditionRun): Promise<ScoredAnswer[]> {
  const world = await openHeadlessWorld({ world: run.world, agents: run.agents, reflectionThreshold: run.reflectionThreshold, provider: run.provider, players: run.players, seed: run.seed, ablate: run.ablate });
  try {
    const fact = await plantFact(world, run.fact);
    await world.advance(run.hours * 3600, run.stepMs, (line) => run.progress(`${run.ablate ?? "full"} seed ${run.seed}: ${line}`));
    const evidence = await readEvidence(world.db.pool, world.worldId);
    const profiles = [...evidence.profiles.values()].sort((a, b) => a.id.localeCompare(b.id));
    const answers: Answer[] = [];
    for (const profile of profiles) answers.push(...(await interview(world.db.pool, world.worldId, world.engine, profile.id, interviewQuestions(profile, profiles, fact))));
    evidence.memories = await readCitedMemories(world.db.pool, answers.flatMap((answer) => answer.cited));
    const scored = answers.map((answer) => scoreAnswer(answer, evidence));
    return run.judge ? await judge(run.judge, evidence.profiles, scored) : scored;
  } finally {
    await world.close();
  }
}

/** Tells the fact to its agent (the first by id unless named), as news to pass on. */
export async function plantFact(world: HeadlessWorld, fact: ConditionRun["fact"]): Promise<PlantedFact> {
  const agent = fact.agent ?? [...world.sim.agents.keys()].sort()[0]!;
  if (!world.sim.agents.has(agent)) throw new Error(`--fact-agent: no agent "${agent}" in world "${world.worldId}"; its agents are ${[...world.sim.agents.keys()].sort().join(", ")}`);
  await world.engine.seedFact(agent, fact.id, fact.text);
  return { ...fact, agent };
}

/** Asks every agent whether it heard of the fact, through the reply path; the share whose answer carries it, and the LLM calls the asking cost. */
export async function factDiffusion(world: HeadlessWorld, fact: PlantedFact) {
  const agents = [...world.sim.agents.keys()].sort();
  const llmCalls = async () => {
    await world.calls.flush();
    return countLlmCalls(world.db.pool, world.worldId);
  };
  const callsBefore = await llmCalls();
  const question = factQuestion(fact);
  const answers = [];
  for (const agentId of agents) {
    const [answer] = await interview(world.db.pool, world.worldId, world.engine, agentId, [question]);
    answers.push({ agentId, answer: answer!.text, carries: carriesFact(fact, question.text, answer!.text) });
  }
  const carrying = answers.filter((answer) => answer.carries).length;
  return { share: Math.round((carrying / Math.max(1, agents.length)) * 1000) / 1000, agentsCarrying: carrying, agentsAsked: agents.length, answers, interviewLlmCalls: (await llmCalls()) - callsBefore };
}
