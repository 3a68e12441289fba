import { SpatialGrid } from "./spatial-grid.ts";

export interface Positioned {
  x: number;
  y: number;
}

/**
 * Tracks what each observer can see and reports only what has just come into view: a subject is
 * reported when it enters an observer's vision radius, and again only after it has left and come back.
 * Observers and subjects are compared by identity (a player who leaves and rejoins is a new subject).
 */
export class PerceptionTracker<Observer extends Positioned, Subject extends Positioned> {
  private readonly grid: SpatialGrid;
  private readonly subjects: Subject[] = [];
  private readonly nearby: number[] = [];
  private readonly visibleTo = new Map<Observer, Set<Subject>>();
  /** The set an observer saw last time becomes the next observer's scratch set: no allocation per pass. */
  private spare = new Set<Subject>();

  constructor(
    mapWidth: number,
    mapHeight: number,
    readonly radius: number,
  ) {
    // Cells as large as the radius: every query looks at no more than 3x3 cells.
    this.grid = new SpatialGrid(mapWidth, mapHeight, radius);
  }

  /**
   * One perception pass: `onEnter(observer, subject)` for every subject (other than the observer
   * itself) now within the radius that was not within it at the observer's previous pass.
   */
  perceive(observers: Iterable<Observer>, subjectGroups: readonly Iterable<Subject>[], onEnter: (observer: Observer, subject: Subject) => void): void {
    this.fillGrid(subjectGroups);
    for (const observer of observers) {
      const previous = this.visibleTo.get(observer);
      const current = this.spare;
      current.clear();
      const found = this.grid.queryRadius(observer.x, observer.y, this.radius, this.nearby);
      for (let i = 0; i < found; i++) {
        const subject = this.subjects[this.nearby[i]!]!;
        if ((subject as unknown) === observer) continue;
        current.add(subject);
        if (!previous?.has(subject)) onEnter(observer, subject);
      }
      this.visibleTo.set(observer, current);
      this.spare = previous ?? new Set();
    }
  }

  /** What the observer saw at its last pass. */
  visibleBy(observer: Observer): ReadonlySet<Subject> {
    return this.visibleTo.get(observer) ?? new Set();
  }

  /** Drops an observer that has left the world. */
  forget(observer: Observer): void {
    this.visibleTo.delete(observer);
  }

  private fillGrid(subjectGroups: readonly Iterable<Subject>[]): void {
    this.grid.clear();
    this.subjects.length = 0;
    for (const group of subjectGroups) {
      for (const subject of group) {
        this.grid.insert(subject.x, subject.y);
        this.subjects.push(subject);
      }
    }
  }
}
