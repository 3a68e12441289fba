import { StateView, type Ref } from "@colyseus/schema";
import { cellKey, type StickyCells } from "./interest-cells.ts";

/** An entity a client may hold: its id and schema instance. */
export type Held = readonly [id: string, ref: Ref];

/**
 * One shared StateView: the entities counted in the 3x3 cells around a centre cell, for every client that
 * stands in the centre cell. Colyseus encodes a view once per patch however many clients hold it, so
 * the cost of a patch follows the number of occupied cells instead of the number of clients.
 */
export class InterestRegion {
  readonly view = new StateView();
  /** What the view holds, by entity id. */
  readonly members = new Map<string, Ref>();
  /**
   * Refs removed from the view since the last patch. Its clients still hold them until that patch, so a
   * client leaving the region may hold any of `members` and of these.
   */
  removedSincePatch: Held[] = [];

  constructor(readonly cell: number) {}

  add(id: string, ref: Ref): void {
    if (this.members.get(id) === ref) return;
    this.view.add(ref);
    this.members.set(id, ref);
  }

  remove(id: string, ref: Ref): void {
    if (this.members.get(id) !== ref) return;
    this.view.remove(ref);
    this.members.delete(id);
    this.removedSincePatch.push([id, ref]);
  }

  /** Adds everything counted in the 3x3 cells around the centre (a region made for a client). */
  fill(cells: StickyCells, cx: number, cy: number): void {
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const [id, ref] of cells.in(cellKey(cx + dx, cy + dy))) this.add(id, ref);
      }
    }
  }

  /** Everything a client of this region may hold right now (members, and removals its clients have not received). */
  held(): Held[] {
    return [...this.members, ...this.removedSincePatch];
  }

  /**
   * Brings a view that a client entering this region receives from holding `held` to holding exactly
   * the members: the others are removed first, then the members added (held ones decode as no-ops).
   * Removals go first so that an entity re-added under the same id ends up added.
   */
  introduceTo(view: StateView, held: readonly Held[]): void {
    // Compared by identity, not view.has(): a ref detached from the state keeps the visibility bits of
    // disposed views, whose ids a new view may reuse.
    for (const [id, ref] of held) if (this.members.get(id) !== ref) view.remove(ref);
    if (view !== this.view) for (const ref of this.members.values()) view.add(ref);
  }

  dispose(): void {
    this.view.dispose();
  }
}
