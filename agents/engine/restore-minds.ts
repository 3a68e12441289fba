import type { Logger } from "../../src/log.ts";
import { dayOf } from "../../src/shared-kernel/game-time.ts";
import type { WorldInput } from "../../src/world/simulation.ts";
import { scheduleFor, type Mind } from "./mind.ts";
import { parseMindSnapshot } from "./mind-snapshot.ts";

/**
 * Lays minds saved by an earlier run over fresh ones. A snapshot that does not parse (an older shape, a
 * hand edit) is logged and that agent starts fresh. An agent whose plan is for today keeps it, with its
 * promises laid over: the returned schedules hand it back to the world, so nobody plans the day again.
 * Places the world no longer has (its file was edited meanwhile) drop the promises made there, and the
 * plan that goes there: the agent plans the day again.
 */
export function restoreMinds(minds: ReadonlyMap<string, Mind>, saved: readonly { agentId: string; snapshot: unknown }[], gameTime: number, locations: readonly string[], log: Pick<Logger, "warn">): WorldInput[] {
  const today = dayOf(gameTime);
  const schedules: WorldInput[] = [];
  for (const { agentId, snapshot } of saved) {
    const mind = minds.get(agentId);
    if (!mind) continue;
    const parsed = parseMindSnapshot(snapshot);
    if ("error" in parsed) {
      log.warn({ agent: agentId, problem: parsed.error }, "saved mind is unreadable; the agent starts with a fresh mind");
      continue;
    }
    const { version: _version, ...kept } = parsed.snapshot;
    Object.assign(mind, kept);
    const known = (slot: { location: string | null }) => slot.location === null || locations.includes(slot.location);
    mind.promises = mind.promises.filter(known);
    if (!mind.schedule.every(known) || !mind.blocks.every(known)) mind.plannedDay = null;
    if (mind.plannedDay === today) schedules.push(scheduleFor(mind, mind.schedule, gameTime));
  }
  return schedules;
}
