import { AgentState, PlayerState } from "./world-state.ts";

interface Moving {
  x: number;
  y: number;
  direction: string;
  moving: boolean;
}

/** Copies only what changed, so a standing entity costs nothing in the next patch. */
function syncMotion(target: Moving, source: Moving): void {
  if (target.x !== source.x) target.x = source.x;
  if (target.y !== source.y) target.y = source.y;
  if (target.direction !== source.direction) target.direction = source.direction;
  if (target.moving !== source.moving) target.moving = source.moving;
}

export interface AgentView extends Moving {
  id: string;
  name: string;
  role?: string;
  activity: string;
  location: string | null;
  mood?: string;
  /** 0-100, fractional; replicated in whole points. */
  energy?: number;
}

export function syncAgent(target: AgentState, source: AgentView): void {
  syncMotion(target, source);
  if (target.name !== source.name) target.name = source.name;
  const role = source.role ?? "";
  if (target.role !== role) target.role = role;
  if (target.activity !== source.activity) target.activity = source.activity;
  const location = source.location ?? "";
  if (target.location !== location) target.location = location;
  const mood = source.mood ?? "";
  if (target.mood !== mood) target.mood = mood;
  const energy = Math.round(source.energy ?? 0);
  if (target.energy !== energy) target.energy = energy;
}

export function newAgentState(source: AgentView): AgentState {
  const agent = new AgentState();
  agent.id = source.id;
  syncAgent(agent, source);
  return agent;
}

export interface PlayerView extends Moving {
  id: string;
  name: string;
}

export function syncPlayer(target: PlayerState, source: PlayerView): void {
  syncMotion(target, source);
  if (target.name !== source.name) target.name = source.name;
}

export function newPlayerState(source: PlayerView): PlayerState {
  const player = new PlayerState();
  player.id = source.id;
  syncPlayer(player, source);
  return player;
}
