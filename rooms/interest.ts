import { StateView } from "@colyseus/schema";
import { adjacent, cellKey, cellX, cellY, StickyCells, type CellChange, type Visible } from "./interest-cells.ts";
import { InterestRegion, type Held } from "./interest-region.ts";

export type { Visible } from "./interest-cells.ts";

export interface Viewer {
  id: string;
  x: number;
  y: number;
  /** The client whose `view` this manager sets (a Colyseus Client, or the tick benchmark's stand-in). */
  client: { view?: StateView | undefined };
}

interface Seat {
  region: InterestRegion;
  /** A view of this client's own for the one patch after it changed region (see `update`). */
  transition: StateView | undefined;
}

/**
 * Area-of-interest filtering with shared views. The map is cut into square cells `radius + hysteresis`
 * tiles wide; every client in a cell holds that cell's region view: the entities counted in the 3x3
 * cells around it. An entity counts in a cell until it is more than `hysteresis` tiles outside it, so
 * a region always holds everything within `radius` tiles of its clients, and an entity walking along
 * a cell edge does not flicker. Colyseus encodes each view once per patch, so a patch costs per
 * occupied cell, not per client, and what a client receives does not grow with the world's population.
 */
export class InterestManager {
  private readonly seats = new Map<string, Seat>();
  private readonly regions = new Map<number, InterestRegion>();
  private readonly cells: StickyCells;

  constructor(radius: number, hysteresis = 2) {
    this.cells = new StickyCells(radius + hysteresis, hysteresis);
  }

  /** Shared views in use (one per occupied cell), for metrics and tests. */
  get viewCount(): number {
    return this.regions.size;
  }

  /**
   * Brings every view up to date; call it right before each patch is encoded (Room.onBeforePatch), so
   * that what a view changes between two patches reaches its clients in the next one.
   *
   * A client that moved to another cell holds its old region's entities and must get exactly the
   * removals and additions that turn them into its new region's. The new region's view cannot carry
   * them (its other clients need none), so for one patch the client gets a view of its own, built from
   * the new region's members and the old region's; from the next patch on it shares the region's view.
   * A region made in this update has had no client yet, so its own view carries them instead.
   *
   * Views must change only in patches where the state changes too: on a patch without state changes
   * Colyseus (SchemaSerializer.applyPatches) encodes view changes per client, and the first client of
   * a shared view would drain them. Here views change only because positions changed, a player joined
   * or an entity left, and each of those changes the state as well.
   */
  update(viewers: readonly Viewer[], entities: Iterable<Visible>): void {
    const changes = this.cells.sync(entities);
    for (const seat of this.seats.values()) endTransition(seat);
    const moves: { seat: Seat; to: number; held: Held[] }[] = [];
    for (const viewer of viewers) {
      const seat = this.seats.get(viewer.id);
      const cell = this.cells.cellAt(viewer.x, viewer.y);
      if (!seat) this.seat(viewer);
      else if (seat.region.cell !== cell) moves.push({ seat, to: cell, held: seat.region.held() });
    }
    this.apply(changes);
    for (const move of moves) {
      const existing = this.regions.get(move.to);
      if (existing) {
        move.seat.region = existing;
        move.seat.transition = new StateView();
      } else {
        move.seat.region = this.newRegion(move.to, move.held);
      }
    }
    this.releaseUnused();
    for (const { seat, held } of moves) if (seat.transition) seat.region.introduceTo(seat.transition, held);
    for (const region of this.regions.values()) region.removedSincePatch = [];
    for (const viewer of viewers) {
      const seat = this.seats.get(viewer.id)!;
      viewer.client.view = seat.transition ?? seat.region.view;
    }
  }

  /** Gives a joining client its region's view at once, with its own character in it. */
  join(viewer: Viewer, entities: Iterable<Visible>): void {
    this.forget(viewer.id);
    this.apply(this.cells.sync(entities));
    this.seat(viewer);
  }

  forget(viewerId: string): void {
    const seat = this.seats.get(viewerId);
    if (!seat) return;
    endTransition(seat);
    this.seats.delete(viewerId);
  }

  /** Drops an entity from every view (it left the world), before it is deleted from the state. */
  removeEverywhere(entityId: string): void {
    for (const region of this.regions.values()) {
      const ref = region.members.get(entityId);
      if (ref) region.remove(entityId, ref);
    }
  }

  private seat(viewer: Viewer): void {
    const cell = this.cells.cellAt(viewer.x, viewer.y);
    const region = this.regions.get(cell) ?? this.newRegion(cell, []);
    this.seats.set(viewer.id, { region, transition: undefined });
    viewer.client.view = region.view;
  }

  /** Each region around the cells an entity left or entered loses or gains it. */
  private apply(changes: readonly CellChange[]): void {
    for (const { id, ref, from, to } of changes) {
      if (from !== undefined) {
        this.forEachRegionAround(from, (region) => {
          if (to === undefined || !adjacent(region.cell, to)) region.remove(id, ref);
        });
      }
      if (to !== undefined) this.forEachRegionAround(to, (region) => region.add(id, ref));
    }
  }

  private forEachRegionAround(cell: number, visit: (region: InterestRegion) => void): void {
    const cx = cellX(cell);
    const cy = cellY(cell);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const region = this.regions.get(cellKey(cx + dx, cy + dy));
        if (region) visit(region);
      }
    }
  }

  /** A region for a client arriving from a region whose entities it holds (`held`): removals first, then the members. */
  private newRegion(cell: number, held: readonly Held[]): InterestRegion {
    const region = new InterestRegion(cell);
    region.introduceTo(region.view, held);
    region.fill(this.cells, cellX(cell), cellY(cell));
    this.regions.set(cell, region);
    return region;
  }

  /** Disposes the views of regions no client stands in, so they stop costing anything. */
  private releaseUnused(): void {
    const used = new Set<InterestRegion>();
    for (const seat of this.seats.values()) used.add(seat.region);
    for (const [cell, region] of this.regions) {
      if (used.has(region)) continue;
      region.dispose();
      this.regions.delete(cell);
    }
  }
}

function endTransition(seat: Seat): void {
  seat.transition?.dispose();
  seat.transition = undefined;
}
