import type { Ref } from "@colyseus/schema";

export interface Visible {
  id: string;
  x: number;
  y: number;
  /** The schema instance a view adds or removes. */
  ref: Ref;
}

/** An entity entering a cell (`from` undefined: it appeared), leaving one (`to` undefined: it is gone), or both. */
export interface CellChange {
  id: string;
  ref: Ref;
  from: number | undefined;
  to: number | undefined;
}

interface Placement {
  id: string;
  ref: Ref;
  cell: number;
  /** The sync that last saw the entity; an older one means it left the world. */
  seen: number;
}

/**
 * Which square cell of `size` tiles each entity counts as standing in. An entity keeps its cell until
 * it is more than `hysteresis` tiles outside it, so one walking along a cell edge does not flip back
 * and forth between two cells (and in and out of the views built from them).
 */
export class StickyCells {
  private readonly placements = new Map<string, Placement>();
  private readonly byCell = new Map<number, Map<string, Ref>>();
  private generation = 0;

  constructor(
    readonly size: number,
    private readonly hysteresis: number,
  ) {}

  /** Places every entity where it is now; returns the entities that changed cell, appeared or left. */
  sync(entities: Iterable<Visible>): CellChange[] {
    const changes: CellChange[] = [];
    const generation = ++this.generation;
    for (const entity of entities) {
      const placement = this.placements.get(entity.id);
      if (placement && placement.ref === entity.ref) {
        placement.seen = generation;
        if (this.holds(placement.cell, entity)) continue;
        const to = this.cellAt(entity.x, entity.y);
        changes.push({ id: entity.id, ref: entity.ref, from: placement.cell, to });
        this.move(entity.id, entity.ref, placement.cell, to);
        placement.cell = to;
        continue;
      }
      if (placement) {
        changes.push({ id: entity.id, ref: placement.ref, from: placement.cell, to: undefined });
        this.move(entity.id, placement.ref, placement.cell, undefined);
      }
      const to = this.cellAt(entity.x, entity.y);
      changes.push({ id: entity.id, ref: entity.ref, from: undefined, to });
      this.move(entity.id, entity.ref, undefined, to);
      this.placements.set(entity.id, { id: entity.id, ref: entity.ref, cell: to, seen: generation });
    }
    for (const placement of this.placements.values()) {
      if (placement.seen === generation) continue;
      changes.push({ id: placement.id, ref: placement.ref, from: placement.cell, to: undefined });
      this.move(placement.id, placement.ref, placement.cell, undefined);
      this.placements.delete(placement.id);
    }
    return changes;
  }

  /** The entities counted in a cell. */
  in(cell: number): ReadonlyMap<string, Ref> {
    return this.byCell.get(cell) ?? EMPTY;
  }

  /** The cell a position is in (no hysteresis: where a client stands decides its view at once). */
  cellAt(x: number, y: number): number {
    return cellKey(Math.floor(x / this.size), Math.floor(y / this.size));
  }

  private holds(cell: number, at: { x: number; y: number }): boolean {
    const left = cellX(cell) * this.size - this.hysteresis;
    const top = cellY(cell) * this.size - this.hysteresis;
    const span = this.size + 2 * this.hysteresis;
    return at.x >= left && at.x < left + span && at.y >= top && at.y < top + span;
  }

  private move(id: string, ref: Ref, from: number | undefined, to: number | undefined): void {
    if (from !== undefined) this.byCell.get(from)?.delete(id);
    if (to === undefined) return;
    let cell = this.byCell.get(to);
    if (!cell) {
      cell = new Map();
      this.byCell.set(to, cell);
    }
    cell.set(id, ref);
  }
}

const EMPTY: ReadonlyMap<string, Ref> = new Map();

export function cellKey(cx: number, cy: number): number {
  return (cx + 32_768) * 65_536 + (cy + 32_768);
}

export function cellX(key: number): number {
  return Math.floor(key / 65_536) - 32_768;
}

export function cellY(key: number): number {
  return (key % 65_536) - 32_768;
}

/** True when two cells are the same or touch (diagonally included): a region holds its 3x3 cells. */
export function adjacent(a: number, b: number): boolean {
  return Math.abs(cellX(a) - cellX(b)) <= 1 && Math.abs(cellY(a) - cellY(b)) <= 1;
}
