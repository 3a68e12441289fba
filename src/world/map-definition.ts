/** A rectangle of tiles: (x, y) is its top-left tile. */
export interface TileRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A named place on the map (a shop, a home, a park) that schedules and perception refer to by name. */
export interface WorldLocation extends TileRectangle {
  /** Lowercase words joined by '_', unique in the world. */
  name: string;
  /** The kind of place, e.g. shop, home, park. */
  type: string;
}

/** The ground a simulation is built on: map size in tiles, the rectangles nobody can walk through, and the named places. */
export interface MapDefinition {
  map: { width: number; height: number; blocked: readonly TileRectangle[] };
  locations: readonly WorldLocation[];
}
