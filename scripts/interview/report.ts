import { tInterval, type Interval } from "./confidence.ts";
import { CATEGORIES, type Category } from "./questions.ts";
import type { ScoredAnswer } from "./scoring.ts";

export const CONDITION_NAMES = ["full", "reflection", "planning", "relevance", "memory"] as const;

/** One condition's answers, from every seed. */
export interface ConditionAnswers {
  condition: string;
  answers: (ScoredAnswer & { seed: number })[];
}

export interface ConditionSummary {
  condition: string;
  /** Per category: the mean of its answers per agent and seed, then the mean and 95% t-interval over those. */
  categories: Record<Category, Interval>;
  /** The mean of an agent's five category scores, over agents and seeds. */
  total: Interval;
  /** The judge's believability (1-7), over agents and seeds; null without a judge pass. */
  believability: Interval | null;
  /** Share of answers grounded in the memories they cite. */
  grounded: number;
  /** Answers whose cited ids are all memories of the answering agent, of those that cite any. */
  citedIdsExist: number;
  answers: number;
}

export function summarise({ condition, answers }: ConditionAnswers): ConditionSummary {
  const units = new Map<string, (ScoredAnswer & { seed: number })[]>();
  for (const answer of answers) units.set(`${answer.seed}:${answer.agentId}`, [...(units.get(`${answer.seed}:${answer.agentId}`) ?? []), answer]);
  const categoryScore = (unit: ScoredAnswer[], category: Category) => mean(unit.filter((answer) => answer.category === category).map((answer) => answer.score));
  const categories = Object.fromEntries(CATEGORIES.map((category) => [category, tInterval([...units.values()].map((unit) => categoryScore(unit, category)))])) as Record<Category, Interval>;
  const citing = answers.filter((answer) => answer.grounding.cited > 0);
  const rated = [...units.values()].map((unit) => unit.flatMap((answer) => (answer.believability === undefined ? [] : [answer.believability]))).filter((ratings) => ratings.length > 0);
  return {
    condition,
    categories,
    total: tInterval([...units.values()].map((unit) => mean(CATEGORIES.map((category) => categoryScore(unit, category))))),
    believability: rated.length > 0 ? tInterval(rated.map(mean)) : null,
    grounded: round(answers.filter((answer) => answer.grounding.grounded).length / Math.max(1, answers.length)),
    citedIdsExist: round(citing.filter((answer) => answer.grounding.exist).length / Math.max(1, citing.length)),
    answers: answers.length,
  };
}

/** The table the README shows: one row per condition, mean [95% CI] per category and in total. */
export function table(summaries: readonly ConditionSummary[]): string {
  const cell = (interval: Interval) => `${interval.mean.toFixed(2)} [${interval.low.toFixed(2)}, ${interval.high.toFixed(2)}]`;
  const judged = summaries.some((summary) => summary.believability !== null);
  const header = `| condition | ${CATEGORIES.join(" | ")} | total | grounded |${judged ? " believability (1-7) |" : ""}`;
  const rule = `|${" --- |".repeat(CATEGORIES.length + 3 + (judged ? 1 : 0))}`;
  const rows = summaries.map(
    (summary) =>
      `| ${summary.condition} | ${CATEGORIES.map((category) => cell(summary.categories[category])).join(" | ")} | ${cell(summary.total)} | ${summary.grounded.toFixed(2)} |${judged ? ` ${summary.believability ? cell(summary.believability) : "-"} |` : ""}`,
  );
  return [header, rule, ...rows].join("\n");
}

export function roundInterval(interval: Interval): Interval {
  return { mean: round(interval.mean), low: round(interval.low), high: round(interval.high), n: interval.n };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
