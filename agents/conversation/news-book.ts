/**
 * Who knows which facts, and who already told whom: what agents pass on in conversation. A fact is
 * news an agent heard (or was seeded with), keyed by a canonical id such as "fact:harvest-festival".
 */
export class NewsBook {
  private readonly known: Map<string, Map<string, string>>;
  private readonly told = new Set<string>();

  constructor(known: Map<string, Map<string, string>> = new Map()) {
    this.known = known;
  }

  learn(agentId: string, factId: string, text: string): boolean {
    const facts = this.known.get(agentId) ?? new Map<string, string>();
    this.known.set(agentId, facts);
    if (facts.has(factId)) return false;
    facts.set(factId, text);
    return true;
  }

  knows(agentId: string, factId: string): boolean {
    return this.known.get(agentId)?.has(factId) ?? false;
  }

  /** The texts of the last `limit` facts the agent learned, newest first. */
  latest(agentId: string, limit: number): string[] {
    return [...(this.known.get(agentId)?.values() ?? [])].reverse().slice(0, limit);
  }

  /** Facts the speaker knows and has not yet told the listener, newest first. */
  untold(speakerId: string, listenerId: string): { factId: string; text: string }[] {
    const facts = [...(this.known.get(speakerId) ?? new Map<string, string>())].reverse();
    return facts.filter(([factId]) => !this.told.has(`${factId}\n${speakerId}\n${listenerId}`) && !this.knows(listenerId, factId)).map(([factId, text]) => ({ factId, text }));
  }

  markTold(factId: string, speakerId: string, listenerId: string): void {
    this.told.add(`${factId}\n${speakerId}\n${listenerId}`);
  }
}
