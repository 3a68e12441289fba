import { react } from "../cognition/react.ts";
import type { FlowContext } from "./flow-context.ts";
import type { Mind } from "./mind.ts";

export interface Noticed {
  kind: "player" | "agent";
  id: string;
  name: string;
  observation: string;
  /** Speaking to the agent, rather than just seen. */
  spokenTo?: boolean;
}

/**
 * Whether something the agent noticed is worth a thought: players always (within a cooldown), other
 * agents only when this one has feelings about them. Everything else is just remembered.
 */
export function isSalient(ctx: FlowContext, mind: Mind, subject: Noticed, force = false): boolean {
  if (subject.kind === "agent" && !(subject.id in mind.profile.relationships)) return false;
  const last = mind.lastReactionTo.get(subject.id);
  return force || last === undefined || ctx.gameTime() - last >= ctx.settings.reactionCooldownMinutes * 60;
}

/** Continue or react: a reaction replaces what the agent is doing until its plan's next step. True if it reacted. */
export async function considerReacting(ctx: FlowContext, mind: Mind, subject: Noticed): Promise<boolean> {
  const { profile } = mind;
  mind.lastReactionTo.set(subject.id, ctx.gameTime());
  const live = ctx.agent(profile.id);
  if (!live) return false;
  const memories = await ctx.memory.retrieve(profile.id, subject.name, ctx.gameTime(), 3);
  const answer = await ctx.thinker.think(
    profile.id,
    react,
    {
      profile,
      activity: live.activity,
      location: live.location || null,
      observation: subject.observation,
      subject: { kind: subject.kind, id: subject.id, name: subject.name },
      spokenTo: subject.spokenTo ?? false,
      relationship: profile.relationships[subject.id] ?? null,
      memories: memories.map((memory) => memory.content),
      gameMinuteOfDay: Math.floor((ctx.gameTime() % 86_400) / 60),
    },
    () => ctx.agent(profile.id)?.generation !== live.generation,
  );
  if ("stale" in answer || !answer.value.react || !answer.value.activity) return false;
  ctx.emit({ type: "agent_directive", agentId: profile.id, activity: answer.value.activity, location: null, generation: live.generation });
  return true;
}
