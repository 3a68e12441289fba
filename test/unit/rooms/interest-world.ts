import { ClientState, SchemaSerializer, type Client } from "@colyseus/core";
import { Encoder, Reflection, type Decoder, type StateView } from "@colyseus/schema";
import { InterestManager, type Viewer, type Visible } from "../../../rooms/interest.ts";
import { newAgentState, newPlayerState } from "../../../rooms/state-sync.ts";
import { WorldState } from "../../../rooms/world-state.ts";

/** A client as the SDK is one: it decodes the full state on join, then every patch frame it is sent. */
export class DecodingClient {
  state = ClientState.JOINED;
  view: StateView | undefined;
  readonly decoder: Decoder;

  constructor(
    readonly sessionId: string,
    reflection: Uint8Array,
  ) {
    this.decoder = Reflection.decode(reflection);
  }

  raw(frame: Uint8Array): void {
    this.decoder.decode(frame, { offset: 1 });
  }

  /** The ids of the agents and players this client holds, and where it thinks they are. */
  holds(): Map<string, { x: number; y: number }> {
    const state = this.decoder.state as unknown as WorldState;
    const held = new Map<string, { x: number; y: number }>();
    for (const [id, agent] of state.agents ?? []) held.set(id, { x: agent.x, y: agent.y });
    for (const [id, player] of state.players ?? []) held.set(id, { x: player.x, y: player.y });
    return held;
  }
}

/**
 * The replication path of the world room without its simulation: entities are placed by hand, and each
 * `patch()` runs the interest update and Colyseus' SchemaSerializer into clients that decode it.
 */
export class InterestWorld {
  readonly state = new WorldState();
  readonly serializer = new SchemaSerializer<WorldState>();
  readonly interest: InterestManager;
  readonly clients = new Map<string, DecodingClient>();
  readonly positions = new Map<string, Visible>();
  /** The schema description an SDK client receives on join (the same types as the room's). */
  private readonly reflection = Reflection.encode(new Encoder(new WorldState()));

  constructor(readonly radius: number, hysteresis: number) {
    this.serializer.reset(this.state);
    this.interest = new InterestManager(radius, hysteresis);
  }

  addAgent(id: string, x: number, y: number): void {
    const agent = newAgentState({ id, name: id, x, y, direction: "down", moving: false, activity: "idle", location: null });
    this.state.agents.set(id, agent);
    this.positions.set(id, { id, x, y, ref: agent });
  }

  removeAgent(id: string): void {
    this.interest.removeEverywhere(id);
    this.state.agents.delete(id);
    this.positions.delete(id);
  }

  /** WorldRoom.onJoin, then the full state Colyseus sends once the client has joined. */
  join(id: string, x: number, y: number): DecodingClient {
    const player = newPlayerState({ id, name: id, x, y, direction: "down", moving: false });
    this.state.players.set(id, player);
    this.positions.set(id, { id, x, y, ref: player });
    const client = new DecodingClient(id, this.reflection);
    this.clients.set(id, client);
    this.interest.join(this.viewerOf(id), this.positions.values());
    client.raw(this.serializer.getFullState(client as unknown as Client));
    return client;
  }

  leave(id: string): void {
    this.interest.forget(id);
    this.interest.removeEverywhere(id);
    this.state.players.delete(id);
    this.positions.delete(id);
    this.clients.delete(id);
  }

  moveTo(id: string, x: number, y: number): void {
    const entity = this.positions.get(id)!;
    entity.x = x;
    entity.y = y;
    const ref = entity.ref as unknown as { x: number; y: number };
    ref.x = x;
    ref.y = y;
  }

  /** Room.broadcastPatch: onBeforePatch (the interest update), then the serializer. */
  patch(): void {
    this.interest.update([...this.clients.keys()].map((id) => this.viewerOf(id)), this.positions.values());
    this.serializer.applyPatches([...this.clients.values()] as unknown as Client[], this.state);
  }

  private viewerOf(id: string): Viewer {
    const { x, y } = this.positions.get(id)!;
    return { id, x, y, client: this.clients.get(id)! };
  }
}
