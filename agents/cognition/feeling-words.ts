import { EXHAUSTED_ENERGY } from "../../src/world/constants.ts";

/** How the agent feels, as a prompt says it: "feeling tired (energy 23/100)". */
export function feelingWords(mood: string | undefined, energy: number | undefined): string {
  return `feeling ${mood || "fine"}${energy === undefined ? "" : ` (energy ${Math.round(energy)}/100)`}`;
}

/** Too worn out to stop for anyone: the offline mind declines, and a model is told so. */
export function isExhausted(energy: number | undefined): boolean {
  return energy !== undefined && energy <= EXHAUSTED_ENERGY;
}
