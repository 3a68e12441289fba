import { Client, type Room } from "@colyseus/sdk";

export interface Player {
  name: string;
  room: Room<any, any>;
  guestToken: string;
  characterId: string;
  /** clientMessageId to the log id the server acknowledged with `said`. */
  acknowledged: Map<string, string>;
  /** Lines sent, acknowledged or not. */
  sent: number;
}

const DIRECTIONS = [-1, 0, 1];

/** Guests who walk about and talk to `agentId`, each line with its own clientMessageId, until stopped. */
export class PlayingClients {
  readonly players: Player[] = [];
  private timers: NodeJS.Timeout[] = [];

  static async join(httpUrl: string, names: readonly string[], world?: string): Promise<PlayingClients> {
    const crowd = new PlayingClients();
    for (const name of names) {
      const room = await new Client(httpUrl).joinOrCreate<any>("world", { name, ...(world ? { world } : {}) });
      const welcome = await new Promise<{ guestToken: string; characterId: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} got no welcome within 10 s of joining`)), 10_000);
        room.onMessage("welcome", (message: { guestToken: string; characterId: string }) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
      const player: Player = { name, room, guestToken: welcome.guestToken, characterId: welcome.characterId, acknowledged: new Map(), sent: 0 };
      crowd.listen(player);
      crowd.players.push(player);
    }
    return crowd;
  }

  /** Starts walking (input at 10 Hz) and talking (a line every `sayEveryMs`). */
  play(agentId: string, sayEveryMs: number): void {
    let step = 0;
    for (const player of this.players) {
      this.timers.push(
        setInterval(() => {
          step++;
          player.room.send("input", { dx: DIRECTIONS[step % 3]!, dy: DIRECTIONS[(step >> 2) % 3]! });
        }, 100),
        setInterval(() => {
          player.sent++;
          player.room.send("say", { text: `${player.name} says line ${player.sent}`, to: agentId, clientMessageId: `${player.name}-${player.sent}` });
        }, sayEveryMs),
      );
    }
  }

  /** Stops sending and lets go of the held direction, so the characters stand still. */
  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const player of this.players) if (player.room.connection.isOpen) player.room.send("input", { dx: 0, dy: 0 });
  }

  /** After a server restart: the same guests join again with their guest tokens. */
  async rejoin(httpUrl: string): Promise<void> {
    for (const player of this.players) {
      player.room.removeAllListeners();
      player.room = await new Client(httpUrl).joinOrCreate<any>("world", { guestToken: player.guestToken });
      this.listen(player);
    }
  }

  async leave(): Promise<void> {
    this.stop();
    // A room whose server went away is already left; asking it to leave would wait forever.
    await Promise.all(this.players.filter((player) => player.room.connection.isOpen).map((player) => player.room.leave().catch(() => undefined)));
  }

  get acknowledged(): number {
    return this.players.reduce((sum, player) => sum + player.acknowledged.size, 0);
  }

  private listen(player: Player): void {
    player.room.onMessage("said", (said: { id: string; clientMessageId?: string }) => {
      if (said.clientMessageId) player.acknowledged.set(said.clientMessageId, said.id);
    });
    // Replies and errors are expected; registering them keeps the SDK from warning about each one.
    for (const type of ["chat", "error", "welcome"]) player.room.onMessage(type, () => undefined);
  }
}
