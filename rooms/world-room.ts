import { ErrorCode, Room, ServerError, type Client } from "@colyseus/core";
import type pg from "pg";
import { listLiveAgents, type LiveAgentRow } from "../db/repositories/agent-repository.ts";
import { findWorld } from "../db/repositories/world-repository.ts";
import type { Logger } from "../src/log.ts";
import { describeJoinOptionsError, JoinOptionsSchema, type JoinOptions } from "./join-options.ts";
import { AgentState, PlayerState, WorldState } from "./world-state.ts";

export const WORLD_ROOM = "world";

export interface WorldRoomDependencies {
  pool: pg.Pool;
  defaultWorldId: string;
  log: Logger;
}

/** One room per world: it loads the world and its agents from the database and replicates them. */
export class WorldRoom extends Room<{ state: WorldState }> {
  protected deps!: WorldRoomDependencies;
  override state = new WorldState();
  private spawn = { x: 0, y: 0 };

  override async onCreate(rawOptions: unknown) {
    const options = parseJoinOptions(rawOptions);
    const worldId = options.world ?? this.deps.defaultWorldId;
    const world = await findWorld(this.deps.pool, worldId);
    if (!world) {
      throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, `world "${worldId}" does not exist; load it with npm run agents:load -- worlds/${worldId}`);
    }
    this.state.worldId = world.id;
    this.state.worldName = world.name;
    this.state.gameTime = world.gameTime;
    this.spawn = world.definition.spawn;
    for (const row of await listLiveAgents(this.deps.pool, world.id)) this.state.agents.set(row.id, toAgentState(row));
    this.setMetadata({ world: world.id, agents: this.state.agents.size });
    this.deps.log.info({ roomId: this.roomId, world: world.id, agents: this.state.agents.size }, "world room created");
  }

  override onJoin(client: Client, rawOptions: unknown) {
    const options = parseJoinOptions(rawOptions);
    const player = new PlayerState();
    player.id = client.sessionId;
    player.name = options.name ?? `Guest ${client.sessionId.slice(0, 4)}`;
    player.x = this.spawn.x;
    player.y = this.spawn.y;
    player.direction = "down";
    player.moving = false;
    this.state.players.set(client.sessionId, player);
  }

  override onLeave(client: Client) {
    this.state.players.delete(client.sessionId);
  }
}

function parseJoinOptions(raw: unknown): JoinOptions {
  const parsed = JoinOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_CRITERIA, describeJoinOptionsError(parsed.error));
  return parsed.data;
}

function toAgentState(row: LiveAgentRow): AgentState {
  const agent = new AgentState();
  agent.id = row.id;
  agent.name = row.name;
  agent.role = row.role ?? "";
  agent.x = row.x;
  agent.y = row.y;
  agent.direction = row.direction;
  agent.moving = false;
  agent.activity = row.activity ?? "";
  agent.location = row.location ?? "";
  agent.mood = row.mood ?? "";
  return agent;
}

/** Room classes are instantiated by Colyseus, so dependencies travel on a subclass made per server. */
export function worldRoomWith(deps: WorldRoomDependencies): typeof WorldRoom {
  return class extends WorldRoom {
    protected override deps = deps;
  };
}
