import type { Tie } from "../ports.ts";
import type { CognitionStore } from "../ports.ts";

/** An hour block of a day plan, as the engine saves it. */
export type PlannedBlock = Parameters<CognitionStore["saveDayPlan"]>[3][number];
type Reflection = Parameters<CognitionStore["saveReflection"]>[1];
type Review = Parameters<CognitionStore["saveMetacognition"]>[1];

/** A day plan as agent_plans keeps it: the active one is the latest day's, earlier ones are completed. */
export interface DayPlanRecord {
  agentId: string;
  day: number;
  strokes: string[];
  blocks: PlannedBlock[];
  status: "active" | "completed";
}

export type ReflectionRecord = Reflection & { agentId: string };
export type MetacognitionRecord = Review & { agentId: string };

/**
 * What the engine writes of its thinking (agent_plans, the 'plan' rows of agent_schedules, agent_reflections,
 * agent_metacognition), held in a process. The bonds a plan keeps in mind are read from `ties`.
 */
export class InMemoryCognition implements CognitionStore {
  readonly plans: DayPlanRecord[] = [];
  readonly reflections: ReflectionRecord[] = [];
  readonly reviews: MetacognitionRecord[] = [];
  /** Each agent's planned schedule, as saved with its latest plan. */
  private readonly schedules = new Map<string, PlannedBlock[]>();

  constructor(private readonly ties: (agentId: string, limit: number) => Promise<Tie[]>) {}

  closestAndStrained(agentId: string, limit: number): Promise<Tie[]> {
    return this.ties(agentId, limit);
  }

  async saveDayPlan(agentId: string, day: number, strokes: string[], blocks: PlannedBlock[]): Promise<void> {
    for (const plan of this.plans) if (plan.agentId === agentId && plan.status === "active" && plan.day < day) plan.status = "completed";
    this.plans.push({ agentId, day, strokes: [...strokes], blocks: blocks.map((block) => ({ ...block })), status: "active" });
    // One slot per start minute, the first kept (the table's ON CONFLICT DO NOTHING).
    const slots = new Map<number, PlannedBlock>();
    for (const block of blocks) if (!slots.has(block.startMinute)) slots.set(block.startMinute, { startMinute: block.startMinute, activity: block.activity, location: block.location });
    this.schedules.set(agentId, [...slots.values()].sort((a, b) => a.startMinute - b.startMinute));
  }

  async saveReflection(agentId: string, reflection: Reflection): Promise<void> {
    this.reflections.push({ agentId, ...reflection, evidence: [...reflection.evidence], gameTime: Math.floor(reflection.gameTime) });
  }

  async saveMetacognition(agentId: string, review: Review): Promise<void> {
    this.reviews.push({ agentId, ...review, gameTime: Math.floor(review.gameTime) });
  }

  /** The agent's planned schedule (its latest plan's blocks, by start minute); empty before its first plan. */
  scheduleOf(agentId: string): PlannedBlock[] {
    return (this.schedules.get(agentId) ?? []).map((slot) => ({ ...slot }));
  }

  /** Whether a reflection of the agent cites the memory (consolidation keeps such memories). */
  citedAsEvidence(agentId: string, memoryId: string): boolean {
    return this.reflections.some((reflection) => reflection.agentId === agentId && reflection.evidence.includes(memoryId));
  }
}
