import type { WorldInfo } from "./api.ts";
import type { ViewState } from "./world-connection.ts";

export interface MapCallbacks {
  onSelectAgent(agentId: string): void;
  onMoveTo(tile: { x: number; y: number }): void;
}

interface Drawn { x: number; y: number }

const AGENT_COLOUR = "#f2b84b";
const PLAYER_COLOUR = "#5cc98a";
const SELF_COLOUR = "#6cb4ff";
const MIN_SCALE = 4;
const MAX_SCALE = 96;
// Below this many pixels of pointer travel a press is a click, above it a pan.
const DRAG_THRESHOLD = 4;

/**
 * The world map on a canvas: tiles, blocked areas, named locations, agents and players, drawn from the
 * replicated state every frame. Positions are eased toward the state so 20 Hz patches look smooth.
 */
export class MapView {
  private scale = 32;
  private offset = { x: 0, y: 0 };
  private follow = true;
  private fitted = false;
  private selected: string | undefined;
  private target: { x: number; y: number } | undefined;
  private readonly drawn = new Map<string, Drawn>();

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly world: WorldInfo,
    private readonly state: () => ViewState,
    private readonly selfId: () => string,
    private readonly callbacks: MapCallbacks,
  ) {
    this.listen();
    requestAnimationFrame(() => this.frame());
  }

  select(agentId: string | undefined): void {
    this.selected = agentId;
  }

  /** Where an agent is drawn, in CSS pixels of the canvas; for tools and tests that click on it. */
  screenPositionOf(agentId: string): { x: number; y: number } | undefined {
    const at = this.drawn.get(`agent:${agentId}`);
    return at ? this.toScreen(at.x + 0.5, at.y + 0.5) : undefined;
  }

  /** Where the centre of a tile is drawn, in CSS pixels of the canvas. */
  screenPositionOfTile(x: number, y: number): { x: number; y: number } {
    return this.toScreen(x + 0.5, y + 0.5);
  }

  private toScreen(x: number, y: number) {
    return { x: x * this.scale + this.offset.x, y: y * this.scale + this.offset.y };
  }

  private toWorld(px: number, py: number) {
    return { x: (px - this.offset.x) / this.scale, y: (py - this.offset.y) / this.scale };
  }

  private listen(): void {
    let press: { x: number; y: number; offsetX: number; offsetY: number; dragging: boolean } | undefined;
    this.canvas.addEventListener("pointerdown", (event) => {
      press = { x: event.offsetX, y: event.offsetY, offsetX: this.offset.x, offsetY: this.offset.y, dragging: false };
      this.canvas.setPointerCapture(event.pointerId);
    });
    this.canvas.addEventListener("pointermove", (event) => {
      if (!press) return;
      const dx = event.offsetX - press.x;
      const dy = event.offsetY - press.y;
      if (!press.dragging && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      press.dragging = true;
      this.follow = false;
      this.offset = { x: press.offsetX + dx, y: press.offsetY + dy };
    });
    this.canvas.addEventListener("pointerup", (event) => {
      const wasClick = press && !press.dragging;
      press = undefined;
      if (wasClick) this.click(event.offsetX, event.offsetY);
    });
    this.canvas.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        const before = this.toWorld(event.offsetX, event.offsetY);
        this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * Math.exp(-event.deltaY * 0.0015)));
        // Zoom about the pointer: the tile under it stays under it.
        this.offset = { x: event.offsetX - before.x * this.scale, y: event.offsetY - before.y * this.scale };
      },
      { passive: false },
    );
    window.addEventListener("keydown", (event) => {
      if (event.key === "f" && !(event.target instanceof HTMLInputElement)) this.follow = true;
    });
  }

  private click(px: number, py: number): void {
    const hitRadius = Math.max(10, this.scale * 0.6);
    let best: { id: string; distance: number } | undefined;
    this.state().agents.forEach((_agent, id) => {
      const at = this.screenPositionOf(id);
      if (!at) return;
      const distance = Math.hypot(at.x - px, at.y - py);
      if (distance <= hitRadius && (!best || distance < best.distance)) best = { id, distance };
    });
    if (best) return this.callbacks.onSelectAgent(best.id);
    const tile = this.toWorld(px, py);
    const target = { x: Math.floor(tile.x), y: Math.floor(tile.y) };
    if (target.x < 0 || target.y < 0 || target.x >= this.world.map.width || target.y >= this.world.map.height) return;
    this.target = target;
    this.callbacks.onMoveTo(target);
  }

  private frame(): void {
    this.resize();
    const context = this.canvas.getContext("2d")!;
    const state = this.state();
    this.ease(state);
    if (this.follow) this.centreOnSelf();
    context.fillStyle = "#14171c";
    context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    context.save();
    context.scale(devicePixelRatio, devicePixelRatio);
    this.drawGround(context);
    this.drawEntities(context, state);
    context.restore();
    requestAnimationFrame(() => this.frame());
  }

  private resize(): void {
    const width = Math.round(this.canvas.clientWidth * devicePixelRatio);
    const height = Math.round(this.canvas.clientHeight * devicePixelRatio);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
  }

  private ease(state: ViewState): void {
    const seen = new Set<string>();
    const step = (key: string, x: number, y: number) => {
      seen.add(key);
      const at = this.drawn.get(key);
      // A jump of more than a few tiles (teleport, came into view) is drawn at once, not slid across the map.
      if (!at || Math.hypot(at.x - x, at.y - y) > 3) return this.drawn.set(key, { x, y });
      at.x += (x - at.x) * 0.35;
      at.y += (y - at.y) * 0.35;
    };
    state.agents.forEach((agent, id) => step(`agent:${id}`, agent.x, agent.y));
    state.players.forEach((player, id) => step(`player:${id}`, player.x, player.y));
    for (const key of this.drawn.keys()) if (!seen.has(key)) this.drawn.delete(key);
  }

  /** Following: a map that fits the view is shown whole and centred; a larger one scrolls with you. */
  private centreOnSelf(): void {
    const me = this.drawn.get(`player:${this.selfId()}`);
    if (!me) return;
    const { width, height } = this.world.map;
    const view = { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
    if (!this.fitted && view.width > 0) {
      this.fitted = true;
      this.scale = Math.min(48, Math.max(16, Math.min(view.width / width, view.height / height) * 0.95));
    }
    const centre = (size: number, viewSize: number, at: number) => (size * this.scale <= viewSize ? (viewSize - size * this.scale) / 2 : viewSize / 2 - (at + 0.5) * this.scale);
    this.offset = { x: centre(width, view.width, me.x), y: centre(height, view.height, me.y) };
  }

  private drawGround(context: CanvasRenderingContext2D): void {
    const { width, height, blocked } = this.world.map;
    const s = this.scale;
    const origin = this.toScreen(0, 0);
    context.fillStyle = "#27402c";
    context.fillRect(origin.x, origin.y, width * s, height * s);
    for (const location of this.world.locations) {
      const at = this.toScreen(location.x, location.y);
      context.fillStyle = "rgba(242, 184, 75, 0.13)";
      context.fillRect(at.x, at.y, location.width * s, location.height * s);
      context.strokeStyle = "rgba(242, 184, 75, 0.6)";
      context.strokeRect(at.x, at.y, location.width * s, location.height * s);
    }
    context.fillStyle = "#3b3f48";
    for (const rect of blocked) {
      const at = this.toScreen(rect.x, rect.y);
      context.fillRect(at.x, at.y, rect.width * s, rect.height * s);
    }
    if (s >= 10) {
      context.strokeStyle = "rgba(255, 255, 255, 0.05)";
      context.beginPath();
      for (let x = 0; x <= width; x++) context.moveTo(origin.x + x * s, origin.y), context.lineTo(origin.x + x * s, origin.y + height * s);
      for (let y = 0; y <= height; y++) context.moveTo(origin.x, origin.y + y * s), context.lineTo(origin.x + width * s, origin.y + y * s);
      context.stroke();
    }
    context.fillStyle = "rgba(242, 184, 75, 0.9)";
    context.font = `${Math.max(10, Math.min(16, s * 0.45))}px system-ui, sans-serif`;
    for (const location of this.world.locations) {
      const at = this.toScreen(location.x, location.y);
      context.fillText(location.name, at.x + 3, at.y + 13);
    }
    if (this.target) {
      const at = this.toScreen(this.target.x, this.target.y);
      context.strokeStyle = SELF_COLOUR;
      context.setLineDash([4, 3]);
      context.strokeRect(at.x + 2, at.y + 2, s - 4, s - 4);
      context.setLineDash([]);
    }
  }

  private drawEntities(context: CanvasRenderingContext2D, state: ViewState): void {
    const radius = Math.max(4, this.scale * 0.35);
    context.font = `${Math.max(10, Math.min(14, this.scale * 0.4))}px system-ui, sans-serif`;
    context.textAlign = "center";
    state.players.forEach((player, id) => {
      const at = this.drawnAt(`player:${id}`);
      if (!at) return;
      const self = id === this.selfId();
      context.fillStyle = self ? SELF_COLOUR : PLAYER_COLOUR;
      context.fillRect(at.x - radius, at.y - radius, radius * 2, radius * 2);
      context.fillText(self ? `${player.name} (you)` : player.name, at.x, at.y - radius - 4);
    });
    state.agents.forEach((agent, id) => {
      const at = this.drawnAt(`agent:${id}`);
      if (!at) return;
      if (id === this.selected) {
        context.strokeStyle = "#ffffff";
        context.lineWidth = 2;
        context.beginPath();
        context.arc(at.x, at.y, radius + 4, 0, Math.PI * 2);
        context.stroke();
        context.lineWidth = 1;
      }
      context.fillStyle = AGENT_COLOUR;
      context.beginPath();
      context.arc(at.x, at.y, radius, 0, Math.PI * 2);
      context.fill();
      context.fillStyle = "#ffffff";
      context.fillText(agent.name, at.x, at.y - radius - 4);
      if (this.scale >= 24) {
        context.fillStyle = "rgba(230, 230, 230, 0.7)";
        context.fillText(agent.activity, at.x, at.y + radius + 12);
      }
    });
    context.textAlign = "start";
  }

  private drawnAt(key: string) {
    const at = this.drawn.get(key);
    return at ? this.toScreen(at.x + 0.5, at.y + 0.5) : undefined;
  }
}
