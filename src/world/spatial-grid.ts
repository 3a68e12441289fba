/**
 * A uniform grid of square cells over the map for "who is within r of here" queries that only look
 * at nearby cells. Entries are numbered in insertion order; the grid is refilled each time it is used.
 * Buffers grow when needed and are reused, so steady use allocates nothing.
 */
export class SpatialGrid {
  private readonly columns: number;
  private readonly rows: number;
  /** First entry of each cell's chain, -1 when empty. */
  private readonly cellHead: Int32Array;
  private nextInCell = new Int32Array(64);
  private xs = new Float64Array(64);
  private ys = new Float64Array(64);
  private count = 0;

  constructor(
    mapWidth: number,
    mapHeight: number,
    readonly cellSize: number,
  ) {
    if (!(cellSize > 0)) throw new RangeError(`grid cell size must be > 0 (got ${cellSize})`);
    this.columns = Math.max(1, Math.ceil(mapWidth / cellSize));
    this.rows = Math.max(1, Math.ceil(mapHeight / cellSize));
    this.cellHead = new Int32Array(this.columns * this.rows).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.cellHead.fill(-1);
    this.count = 0;
  }

  /** Adds a position and returns its entry number (0, 1, 2, ... in insertion order). */
  insert(x: number, y: number): number {
    if (this.count === this.xs.length) this.grow();
    const entry = this.count++;
    this.xs[entry] = x;
    this.ys[entry] = y;
    const cell = this.cellIndex(this.columnOf(x), this.rowOf(y));
    this.nextInCell[entry] = this.cellHead[cell]!;
    this.cellHead[cell] = entry;
    return entry;
  }

  /** Writes the entries within `radius` of (x, y) into `out` (from index 0) and returns how many there are. */
  queryRadius(x: number, y: number, radius: number, out: number[]): number {
    const radiusSquared = radius * radius;
    const firstColumn = this.columnOf(x - radius);
    const lastColumn = this.columnOf(x + radius);
    const firstRow = this.rowOf(y - radius);
    const lastRow = this.rowOf(y + radius);
    let found = 0;
    for (let row = firstRow; row <= lastRow; row++) {
      for (let column = firstColumn; column <= lastColumn; column++) {
        for (let entry = this.cellHead[this.cellIndex(column, row)]!; entry !== -1; entry = this.nextInCell[entry]!) {
          const dx = this.xs[entry]! - x;
          const dy = this.ys[entry]! - y;
          if (dx * dx + dy * dy <= radiusSquared) out[found++] = entry;
        }
      }
    }
    return found;
  }

  private columnOf(x: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor(x / this.cellSize)));
  }

  private rowOf(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cellSize)));
  }

  private cellIndex(column: number, row: number): number {
    return row * this.columns + column;
  }

  private grow(): void {
    const capacity = this.xs.length * 2;
    this.xs = copyInto(new Float64Array(capacity), this.xs);
    this.ys = copyInto(new Float64Array(capacity), this.ys);
    this.nextInCell = copyInto(new Int32Array(capacity), this.nextInCell);
  }
}

function copyInto<T extends Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
