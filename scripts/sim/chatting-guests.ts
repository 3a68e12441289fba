import type pg from "pg";
import type { AgentEngine } from "../../agents/engine/agent-engine.ts";
import type { ChatLine, PlayerRef } from "../../agents/conversation/social-context.ts";
import { createCharacter } from "../../db/repositories/character-repository.ts";
import { nearestWithin } from "../../src/world/nearest.ts";
import { createRng, type Rng } from "../../src/world/rng.ts";
import type { WorldInput, WorldSimulation } from "../../src/world/simulation.ts";

// A player wanders to a random place about this often (game seconds), and speaks to the nearest agent this often.
const WANDER_EVERY = 20 * 60;
const SPEAK_EVERY = 30 * 60;
const LINES = ["Hello! How is your day going?", "What are you working on?", "Any news in town?", "Do you know where I can find the mayor?", "Thank you, that's kind of you!"];

/** Headless players for the sim: guest characters that wander the map and talk to agents they meet. */
export class ChattingGuests {
  private readonly rng: Rng;
  private readonly pending: WorldInput[] = [];
  private readonly nextWander = new Map<string, number>();
  private readonly nextSpeech = new Map<string, number>();
  private readonly refs = new Map<string, PlayerRef>();
  private readonly stored: Promise<unknown>[] = [];
  private lines = 0;
  private answered = 0;

  private constructor(
    private readonly sim: WorldSimulation,
    private readonly engine: () => AgentEngine,
    private readonly talkRange: number,
    seed: number,
  ) {
    this.rng = createRng(seed);
  }

  /** Creates `count` guest characters in the world and has them join at the map's centre. */
  static async join(pool: pg.Pool, worldId: string, sim: WorldSimulation, engine: () => AgentEngine, options: { count: number; seed: number; talkRange: number }): Promise<ChattingGuests> {
    const players = new ChattingGuests(sim, engine, options.talkRange, options.seed);
    const spawn = sim.map.nearestWalkable(Math.floor(sim.map.width / 2), Math.floor(sim.map.height / 2)) ?? { x: 0, y: 0 };
    for (let i = 0; i < options.count; i++) {
      const id = `player-${i + 1}`;
      const character = await createCharacter(pool, { userId: null, worldId, name: `Visitor ${i + 1}`, x: spawn.x, y: spawn.y });
      players.refs.set(id, { characterId: character.id, sessionId: id, name: character.name });
      players.pending.push({ type: "player_join", playerId: id, name: character.name, x: spawn.x, y: spawn.y });
      players.nextWander.set(id, sim.clock.gameTime);
      players.nextSpeech.set(id, sim.clock.gameTime + players.rng.int(0, SPEAK_EVERY));
    }
    return players;
  }

  /** This step's player inputs (joins, walks); lines go to agents within talking range. */
  inputs(): WorldInput[] {
    const now = this.sim.clock.gameTime;
    const inputs = this.pending.splice(0);
    for (const player of this.sim.players.values()) {
      if (now >= this.nextWander.get(player.id)!) {
        this.nextWander.set(player.id, now + WANDER_EVERY);
        const place = this.rng.pick(this.sim.map.locations);
        const tile = this.sim.map.randomWalkableTileIn(place.name, this.rng);
        if (tile) inputs.push({ type: "player_move_to", playerId: player.id, x: tile.x, y: tile.y });
      }
      if (now >= this.nextSpeech.get(player.id)!) {
        const nearest = nearestWithin(this.sim.agents.values(), player, this.talkRange);
        if (nearest) {
          this.nextSpeech.set(player.id, now + SPEAK_EVERY);
          this.lines++;
          this.stored.push(this.engine().playerSaid(this.refs.get(player.id)!, nearest, this.rng.pick(LINES)));
        }
      }
    }
    return inputs;
  }

  characterOf(sessionId: string): string | undefined {
    return this.refs.get(sessionId)?.characterId;
  }

  /** A chat line from the engine: a final line to one of these players answers it. */
  heard(line: ChatLine): void {
    if (!line.partial && line.listener && this.refs.has(line.listener)) this.answered++;
  }

  async report(): Promise<{ lines: number; answered: number }> {
    await Promise.all(this.stored);
    return { lines: this.lines, answered: this.answered };
  }
}
