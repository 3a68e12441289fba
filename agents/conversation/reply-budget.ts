export interface ReplyBudgetOptions {
  /** Model replies one player may get in any real minute, from all agents together. */
  perRealMinute: number;
  /** Model replies one player may get in any game hour, from all agents together. */
  perGameHour: number;
}

/** When a reply was given: real milliseconds and game seconds. */
export interface ReplyMoment {
  realMs: number;
  gameSeconds: number;
}

const REAL_WINDOW_MS = 60_000;
const GAME_WINDOW_SECONDS = 3_600;

/**
 * How many replies each player gets from the model, over sliding windows of a real minute and a game
 * hour. Replies to players skip the token budget (a player is waiting), so without this one
 * connection saying a line every few milliseconds buys a model call each time. Times are passed in.
 */
export class ReplyBudget {
  private readonly given = new Map<string, ReplyMoment[]>();

  constructor(private readonly options: ReplyBudgetOptions) {}

  /** Charges one model reply to `playerId` if the budget allows it; false means answer without the model. */
  take(playerId: string, now: ReplyMoment): boolean {
    const recent = this.recent(playerId, now);
    const inRealMinute = recent.filter((moment) => inWindow(now.realMs - moment.realMs, REAL_WINDOW_MS)).length;
    const inGameHour = recent.filter((moment) => inWindow(now.gameSeconds - moment.gameSeconds, GAME_WINDOW_SECONDS)).length;
    if (inRealMinute >= this.options.perRealMinute || inGameHour >= this.options.perGameHour) return false;
    this.given.set(playerId, [...recent, now]);
    return true;
  }

  /** Forgets replies outside both windows, and players with none left. */
  prune(now: ReplyMoment): void {
    for (const playerId of [...this.given.keys()]) {
      const recent = this.recent(playerId, now);
      if (recent.length > 0) this.given.set(playerId, recent);
      else this.given.delete(playerId);
    }
  }

  private recent(playerId: string, now: ReplyMoment): ReplyMoment[] {
    return (this.given.get(playerId) ?? []).filter((moment) => inWindow(now.realMs - moment.realMs, REAL_WINDOW_MS) || inWindow(now.gameSeconds - moment.gameSeconds, GAME_WINDOW_SECONDS));
  }
}

// A clock set back (an admin moving the game time) puts earlier replies in the future: they no longer count.
function inWindow(ago: number, window: number): boolean {
  return ago >= 0 && ago < window;
}
