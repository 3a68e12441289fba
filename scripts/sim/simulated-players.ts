import type { AgentEngine } from "../../agents/engine/agent-engine.ts";
import { createRng, type Rng } from "../../src/world/rng.ts";
import type { WorldInput, WorldSimulation } from "../../src/world/simulation.ts";

// A player wanders to a random place about this often (game seconds), and speaks to the nearest agent this often.
const WANDER_EVERY = 20 * 60;
const SPEAK_EVERY = 30 * 60;
const SPEAKING_RANGE_TILES = 6;
const LINES = ["Hello! How is your day going?", "What are you working on?", "Any news in town?", "Do you know where I can find the mayor?"];

/** Headless players for the sim: they wander the map and talk to agents they meet. */
export class SimulatedPlayers {
  private readonly rng: Rng;
  private readonly pending: WorldInput[] = [];
  private readonly nextWander = new Map<string, number>();
  private readonly nextSpeech = new Map<string, number>();
  private readonly answers: Promise<boolean>[] = [];

  constructor(
    private readonly sim: WorldSimulation,
    private readonly engine: AgentEngine,
    count: number,
    seed: number,
  ) {
    this.rng = createRng(seed);
    const spawn = sim.map.nearestWalkable(Math.floor(sim.map.width / 2), Math.floor(sim.map.height / 2)) ?? { x: 0, y: 0 };
    for (let i = 0; i < count; i++) {
      const id = `player-${i + 1}`;
      this.pending.push({ type: "player_join", playerId: id, name: `Visitor ${i + 1}`, x: spawn.x, y: spawn.y });
      this.nextWander.set(id, sim.clock.gameTime);
      this.nextSpeech.set(id, sim.clock.gameTime + this.rng.int(0, SPEAK_EVERY));
    }
  }

  /** This step's player inputs (joins, walks), and lines spoken to nearby agents. */
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
        const nearest = this.nearestAgent(player.x, player.y);
        if (nearest) {
          this.nextSpeech.set(player.id, now + SPEAK_EVERY);
          this.answers.push(this.engine.playerSpoke(nearest, { id: player.id, name: player.name }, this.rng.pick(LINES)));
        }
      }
    }
    return inputs;
  }

  async report(): Promise<{ lines: number; answered: number }> {
    const results = await Promise.all(this.answers);
    return { lines: results.length, answered: results.filter(Boolean).length };
  }

  private nearestAgent(x: number, y: number): string | undefined {
    let best: { id: string; distance: number } | undefined;
    for (const agent of this.sim.agents.values()) {
      const distance = Math.hypot(agent.x - x, agent.y - y);
      if (distance <= SPEAKING_RANGE_TILES && (!best || distance < best.distance)) best = { id: agent.id, distance };
    }
    return best?.id;
  }
}
