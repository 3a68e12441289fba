import { EXHAUSTED_ENERGY } from "../../src/world/constants.ts";

/** How the agent feels, as a prompt says it: "feeling tired (energy 23/100)". */
export function feelingWords(mood: string | undefined, energy: number | undefined): string {
  return `feeling ${mood || "fine"}${energy === undefined ? "" : ` (energy ${Math.round(energy)}/100)`}`;
}

/** Too worn out to stop for anyone (in whole points, as the world's mood reads it): the offline provider declines. */
export function isExhausted(energy: number | undefined): boolean {
  return energy !== undefined && Math.round(energy) <= EXHAUSTED_ENERGY;
}
