// Lines kept per agent and player: enough to vary a day's answers without growing with a long talk.
const LINES_KEPT = 30;

/**
 * What each agent said to each player on the current game day, across conversations: the offline provider
 * reads it so that the same question asked twice in a day gets a different line.
 */
export class SaidToday {
  private readonly lines = new Map<string, { day: number; lines: string[] }>();

  of(agentId: string, playerId: string, day: number): readonly string[] {
    const entry = this.lines.get(key(agentId, playerId));
    return entry?.day === day ? entry.lines : [];
  }

  record(agentId: string, playerId: string, day: number, line: string): void {
    const entry = this.lines.get(key(agentId, playerId));
    const lines = entry?.day === day ? entry.lines : [];
    lines.push(line);
    if (lines.length > LINES_KEPT) lines.shift();
    this.lines.set(key(agentId, playerId), { day, lines });
    for (const [other, kept] of this.lines) if (kept.day < day) this.lines.delete(other);
  }
}

function key(agentId: string, playerId: string): string {
  return `${agentId}\n${playerId}`;
}
