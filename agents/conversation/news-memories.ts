/** A memory that carries news: a fact the agent heard, was told or saw, and may pass on. */
export interface CarriedFact {
  agentId: string;
  memoryId: string;
  /** A canonical id such as "fact:harvest-festival" or "fact:arrival:visitor-1". */
  factId: string;
  /** The memory's content: what the agent passes on. */
  content: string;
}

/**
 * Which memories carry news, and who already told whom: a cache of the entity_mentions rows that link
 * an agent's memory to a fact. An agent knows a fact when one of its memories carries it; what it
 * passes on is that memory's content (newsFromMemory).
 */
export class NewsMemories {
  private readonly facts = new Map<string, string>();
  private readonly known = new Set<string>();
  /** Each agent's memories that carry news, oldest first. */
  private readonly byAgent = new Map<string, CarriedFact[]>();
  private readonly told = new Set<string>();

  constructor(carried: readonly CarriedFact[] = []) {
    for (const fact of carried) this.carry(fact);
  }

  carry(fact: CarriedFact): void {
    this.facts.set(fact.memoryId, fact.factId);
    this.known.add(`${fact.agentId}\n${fact.factId}`);
    const carried = this.byAgent.get(fact.agentId) ?? [];
    carried.push(fact);
    this.byAgent.set(fact.agentId, carried);
  }

  /** The agent's latest memories that carry news, newest first, one per fact. */
  latest(agentId: string, limit: number): CarriedFact[] {
    const seen = new Set<string>();
    const latest: CarriedFact[] = [];
    for (const fact of [...(this.byAgent.get(agentId) ?? [])].reverse()) {
      if (seen.has(fact.factId)) continue;
      seen.add(fact.factId);
      latest.push(fact);
      if (latest.length === limit) break;
    }
    return latest;
  }

  /** The fact a memory carries, if it is news. */
  factIn(memoryId: string): string | undefined {
    return this.facts.get(memoryId);
  }

  knows(agentId: string, factId: string): boolean {
    return this.known.has(`${agentId}\n${factId}`);
  }

  markTold(factId: string, speakerId: string, listenerId: string): void {
    this.told.add(`${factId}\n${speakerId}\n${listenerId}`);
  }

  wasTold(factId: string, speakerId: string, listenerId: string): boolean {
    return this.told.has(`${factId}\n${speakerId}\n${listenerId}`);
  }
}

/**
 * News as the agent passes it on, from the memory that carries it: who told the agent is left out (the
 * listener hears it from the agent), what a player said keeps who said it.
 */
export function newsFromMemory(content: string): string {
  const told = /^.+? told me: (.+)$/s.exec(content);
  if (told) return told[1]!;
  const said = /^(.+?) said to me: (".+")$/s.exec(content);
  if (said) return `${said[1]} said ${said[2]}`;
  return content;
}
