import type { Mention, Violation } from "../../conversation/social-store.ts";
import type { CarriedFact } from "../../conversation/news-memories.ts";
import type { SocialStore } from "../../conversation/social-context.ts";

/** Who mentioned what to whom (entity_mentions) and the lines the content policy replaced (policy_violations), held in a process. */
export class InMemorySocialTrail implements Pick<SocialStore, "insertMentions" | "insertViolation"> {
  readonly mentions: Mention[] = [];
  readonly violations: Violation[] = [];

  async insertMentions(mentions: readonly Mention[]): Promise<void> {
    this.mentions.push(...mentions.map((mention) => ({ ...mention, speaker: { ...mention.speaker }, gameTime: Math.floor(mention.gameTime) })));
  }

  async insertViolation(violation: Violation): Promise<void> {
    this.violations.push({ ...violation, gameTime: Math.floor(violation.gameTime) });
  }

  /** Whether a memory of the agent brought it a fact (consolidation keeps such memories). */
  carriesFact(agentId: string, memoryId: string): boolean {
    return this.mentions.some((mention) => mention.entityType === "fact" && mention.hearerAgentId === agentId && mention.memoryId === memoryId);
  }

  /** The world's memories that carry a fact, one per memory and fact, in the order they were mentioned; memories gone since are left out. */
  factsInMemories(worldId: string, contentOf: (memoryId: string) => string | undefined): CarriedFact[] {
    const seen = new Set<string>();
    return this.mentions.flatMap((mention) => {
      const content = mention.memoryId === null ? undefined : contentOf(mention.memoryId);
      const key = `${mention.hearerAgentId}\n${mention.memoryId}\n${mention.canonicalId}`;
      if (mention.worldId !== worldId || mention.entityType !== "fact" || content === undefined || seen.has(key)) return [];
      seen.add(key);
      return [{ agentId: mention.hearerAgentId, memoryId: mention.memoryId!, factId: mention.canonicalId, content }];
    });
  }
}
