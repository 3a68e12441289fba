import type { Ref, StateView } from "@colyseus/schema";

export interface Viewer {
  id: string;
  view: StateView;
  x: number;
  y: number;
}

export interface Visible {
  id: string;
  x: number;
  y: number;
  /** The schema instance a view adds or removes. */
  ref: Ref;
}

/**
 * Area-of-interest filtering: each client's StateView holds only the entities within `radius`
 * tiles of it, so what a client receives does not grow with the world's population. Entities leave
 * a view only past `radius + hysteresis`, so one crossing the edge does not flicker in and out.
 */
export class InterestManager {
  private readonly visibleByViewer = new Map<string, Map<string, Ref>>();
  private readonly cells = new Map<number, Visible[]>();
  private readonly byId = new Map<string, Visible>();
  private cursor = 0;

  constructor(
    private readonly radius: number,
    private readonly hysteresis = 2,
  ) {}

  /** Refreshes the views of a slice of the viewers per call, so the cost is spread over ticks. */
  update(viewers: readonly Viewer[], entities: Iterable<Visible>, slices = 1): void {
    this.index(entities);
    if (viewers.length === 0) return;
    const perCall = Math.ceil(viewers.length / slices);
    for (let i = 0; i < Math.min(perCall, viewers.length); i++) {
      this.refresh(viewers[(this.cursor + i) % viewers.length]!);
    }
    this.cursor = (this.cursor + perCall) % viewers.length;
  }

  /** Refreshes one viewer now (on join, so a new client sees its surroundings at once). */
  refreshNow(viewer: Viewer, entities: Iterable<Visible>): void {
    this.index(entities);
    this.refresh(viewer);
  }

  forget(viewerId: string): void {
    this.visibleByViewer.delete(viewerId);
  }

  /** Drops an entity from every view (it left the world). */
  removeEverywhere(entityId: string, views: Iterable<Viewer>): void {
    for (const viewer of views) {
      const visible = this.visibleByViewer.get(viewer.id);
      const ref = visible?.get(entityId);
      if (visible && ref) {
        viewer.view.remove(ref);
        visible.delete(entityId);
      }
    }
  }

  private index(entities: Iterable<Visible>): void {
    // Cell arrays are kept and emptied rather than reallocated: this runs every tick.
    for (const cell of this.cells.values()) cell.length = 0;
    this.byId.clear();
    for (const entity of entities) {
      this.byId.set(entity.id, entity);
      const key = this.cellKey(Math.floor(entity.x / this.radius), Math.floor(entity.y / this.radius));
      const cell = this.cells.get(key);
      if (cell) cell.push(entity);
      else this.cells.set(key, [entity]);
    }
  }

  private refresh(viewer: Viewer): void {
    let visible = this.visibleByViewer.get(viewer.id);
    if (!visible) {
      visible = new Map<string, Ref>();
      this.visibleByViewer.set(viewer.id, visible);
    }
    const keep = this.radius + this.hysteresis;
    for (const [id, ref] of visible) {
      const entity = this.byId.get(id);
      if (!entity || entity.ref !== ref || (id !== viewer.id && distanceSquared(entity, viewer) > keep * keep)) {
        viewer.view.remove(ref);
        visible.delete(id);
      }
    }
    const cx = Math.floor(viewer.x / this.radius);
    const cy = Math.floor(viewer.y / this.radius);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const entity of this.cells.get(this.cellKey(cx + dx, cy + dy)) ?? []) {
          if (visible.has(entity.id)) continue;
          if (entity.id === viewer.id || distanceSquared(entity, viewer) <= this.radius * this.radius) {
            viewer.view.add(entity.ref);
            visible.set(entity.id, entity.ref);
          }
        }
      }
    }
  }

  private cellKey(cx: number, cy: number): number {
    return (cx + 32_768) * 65_536 + (cy + 32_768);
  }
}

function distanceSquared(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return (a.x - b.x) ** 2 + (a.y - b.y) ** 2;
}
