/** A memory that carries news: a fact the agent heard, was told or saw, and may pass on. */
export interface CarriedFact {
  agentId: string;
  memoryId: string;
  /** A canonical id such as "fact:harvest-festival" or "fact:arrival:visitor-1". */
  factId: string;
}

/**
 * Which memories carry news, and who already told whom: a cache of the entity_mentions rows that link
 * an agent's memory to a fact. An agent knows a fact when one of its memories carries it; what it
 * passes on is that memory's content (newsFromMemory).
 */
export class NewsMemories {
  private readonly facts = new Map<string, string>();
  private readonly known = new Set<string>();
  private readonly told = new Set<string>();

  constructor(carried: readonly CarriedFact[] = []) {
    for (const fact of carried) this.carry(fact);
  }

  carry({ agentId, memoryId, factId }: CarriedFact): void {
    this.facts.set(memoryId, factId);
    this.known.add(`${agentId}\n${factId}`);
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
